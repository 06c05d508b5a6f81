import { Box, Text } from 'ink';
import { LINK_CODE_TTL_MINUTES, type IssuedLinkCode } from '../../../core/index.ts';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { SudoPrompt } from '../../components/SudoPrompt.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { useNow } from '../../hooks/use-now.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import { clockTime } from '../../format.ts';
import { useAccount, useNav } from '../../nav-context.tsx';

export interface SlackLinkCodeProps {
  readonly accountId: string;
  readonly active: boolean;
  readonly onExit: () => void;
  /** A new code is on screen (the section clears its older notices). */
  readonly onIssued: () => void;
}

/** What to type in Slack for `code`. */
export const linkCommand = (code: string): string => `/kbc link ${code}`;

/** "9:05": minutes and seconds left of `ms`, rounded up to the second; "0:00" once it is over. */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Not linked yet: `g` issues a link code, shown with a live countdown to its expiry and the exact
 * command to type in Slack. A new code replaces the old one (the core invalidates it). The code
 * is kept for the session (NavState.linkCode), so it is still there after a visit to another
 * section; once Slack links the account, this view goes, and the code with it.
 */
export function SlackLinkCode({ accountId, active, onExit, onIssued }: SlackLinkCodeProps) {
  const me = useAccount();
  const action = useAction();
  const { state, dispatch } = useNav();
  const code: IssuedLinkCode | null = state.linkCode;
  const now = useNow(code !== null);
  const globalKeys = useGlobalKeys(onExit);
  const left = code ? new Date(code.expiresAt).getTime() - now.getTime() : 0;
  const live = code !== null && left > 0;
  useKeyHints([{ key: 'g', label: code ? 'new code' : 'generate link code' }, { key: 'Esc/←', label: 'sections' }, QUIT_HINT], active);

  const generate = async () => {
    if (action.busy) return;
    const outcome = await action.run('creating a Slack link code', () => me.slackLink.createLinkCode());
    if (!outcome.ok) return;
    dispatch({ type: 'link-code', code: outcome.value });
    onIssued();
  };
  useKeys(
    (input, key) => {
      if (input === 'g') void generate();
      else globalKeys(input, key);
    },
    { isActive: active },
  );

  if (action.sudo) return <SudoPrompt request={action.sudo} active={active} />;
  return (
    <Box flexDirection="column">
      <Text color="yellow">○ Not linked to Slack</Text>
      <Text>
        Link your Slack user to use <Text bold>/kbc</Text> in Slack: invitations, notifications, tokens.
      </Text>
      <Text> </Text>
      {code === null ? (
        <>
          <Text>1. Press g to generate a link code (it works once, for {LINK_CODE_TTL_MINUTES} minutes).</Text>
          <Text>2. In Slack, type the command shown here; this screen updates when the link is made.</Text>
        </>
      ) : (
        <>
          <Text>Your link code:</Text>
          <Box borderStyle="round" borderColor={live ? 'cyan' : 'gray'} paddingX={2} alignSelf="flex-start">
            <Text bold color={live ? 'cyan' : 'gray'} strikethrough={!live}>
              {code.code}
            </Text>
          </Box>
          {live ? (
            <>
              <Text>
                Expires in <Text bold>{countdown(left)}</Text>
                <Text color="gray"> (at {clockTime(new Date(code.expiresAt))}) · single use · a new code replaces it</Text>
              </Text>
              <Text> </Text>
              <Text>In Slack, type:</Text>
              <Box paddingLeft={2}>
                <Text bold color="green">
                  {linkCommand(code.code)}
                </Text>
              </Box>
              <Text> </Text>
              <Text color="gray">◌ Waiting for the link from Slack…</Text>
            </>
          ) : (
            <Text color="yellow">This code expired at {clockTime(new Date(code.expiresAt))}. Press g for a new one.</Text>
          )}
        </>
      )}
      <Text> </Text>
      {action.busy ? <Text color="yellow">Generating a code…</Text> : <ErrorBanner error={action.error} />}
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}
