import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { SlackLinkView } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useSession, useAccount, useNav } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { SudoPrompt } from '../../components/SudoPrompt.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import { dateTime, relative } from '../../format.ts';
import type { SectionProps } from './section-props.ts';
import { SlackLinkCode } from './SlackLinkCode.tsx';
import { oneLine } from '../../safe-text.ts';

/**
 * "@ann.s in Acme Data", from the names Slack told when the link was made (or since); a link made
 * before they were asked for shows the ids: "Slack user U0456DEF in team T0123ABC". The core
 * keeps only names safe to show; oneLine keeps them on their line all the same.
 */
export const slackUserText = (link: SlackLinkView): string =>
  `${link.handle ? `@${oneLine(link.handle)}` : `Slack user ${link.userId}`} in ${link.teamName ? oneLine(link.teamName) : `team ${link.teamId}`}`;

/**
 * Slack: the linked Slack user and Unlink, or a link code to type in Slack. The link is live
 * data: made in Slack (by the Slack app's process) while a code is on screen, the countdown
 * turns into "Linked to …" without a restart.
 */
export function SlackSection({ active, onExit }: SectionProps) {
  const me = useAccount();
  const { accountId } = useSession();
  const link = usePoll(() => me.slackLink.linkFor(), [accountId]);
  const unlink = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const linked = link.data ?? null;
  const wasLinked = useRef<boolean | null>(null);
  const { state: nav, dispatch } = useNav();
  // A code that made the link is used up: after an unlink, a new one is needed.
  const usedCode = linked !== null && nav.linkCode !== null;
  useEffect(() => {
    if (usedCode) dispatch({ type: 'link-code', code: null });
  }, [usedCode, dispatch]);

  useEffect(() => {
    if (link.data === undefined) return;
    const isLinked = link.data !== null;
    if (wasLinked.current === false && isLinked) setNotice('Linked in Slack just now.');
    if (wasLinked.current === true && !isLinked) setNotice((current) => current ?? 'The link was ended from Slack.');
    wasLinked.current = isLinked;
  }, [link.data]);

  const doUnlink = async () => {
    const outcome = await unlink.run('unlinking Slack', () => me.slackLink.unlink());
    if (outcome.ok) setNotice('Slack unlinked. Generate a new code to link again.');
    link.reload();
  };

  let body;
  if (unlink.sudo) body = <SudoPrompt request={unlink.sudo} active={active} />;
  else if (link.data === undefined) body = link.error ? <ErrorBanner error={link.error} /> : <Text color="gray">Loading…</Text>;
  else if (linked) body = <SlackLinked link={linked} active={active} onExit={onExit} onUnlink={() => void doUnlink()} busy={unlink.busy} />;
  else body = <SlackLinkCode accountId={accountId} active={active} onExit={onExit} onIssued={() => setNotice(null)} />;
  return (
    <Box flexDirection="column">
      <Text bold>Slack</Text>
      <Text> </Text>
      {body}
      <SuccessLine text={notice} />
      <ErrorBanner error={unlink.error ?? (link.data !== undefined ? link.error : null)} />
    </Box>
  );
}

interface SlackLinkedProps {
  readonly link: SlackLinkView;
  readonly active: boolean;
  readonly onExit: () => void;
  readonly onUnlink: () => void;
  readonly busy: boolean;
}

/** Linked: who, since when, and `u` to unlink after a confirmation. */
function SlackLinked({ link, active, onExit, onUnlink, busy }: SlackLinkedProps) {
  const core = useCore();
  const [confirming, setConfirming] = useState(false);
  const globalKeys = useGlobalKeys(onExit);
  useKeyHints([{ key: 'u', label: 'unlink' }, { key: 'Esc/←', label: 'sections' }, QUIT_HINT], active && !confirming);
  useKeys(
    (input, key) => {
      if (input === 'u' && !busy) setConfirming(true);
      else globalKeys(input, key);
    },
    { isActive: active && !confirming },
  );
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="green">● Linked to </Text>
        <Text bold>{slackUserText(link)}</Text>
      </Text>
      <Text color="gray">
        since {dateTime(link.linkedAt)} ({relative(link.linkedAt, core.clock.now())})
      </Text>
      <Text> </Text>
      <Text>
        In Slack, <Text bold>/kbc</Text> lists what you can do; <Text bold>/kbc unlink</Text> ends the link from there.
      </Text>
      <Text> </Text>
      {confirming ? (
        <ConfirmDialog
          title="Unlink Slack?"
          message={`${slackUserText(link)} will no longer act for this account; messages not yet delivered to it are dropped.`}
          confirmLabel="unlink"
          danger
          active={active}
          onConfirm={() => {
            setConfirming(false);
            onUnlink();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : busy ? (
        <Text color="yellow">Unlinking…</Text>
      ) : (
        <Text color="gray">{active ? 'Press u to unlink.' : 'Press Enter to work in this section.'}</Text>
      )}
      <Text> </Text>
    </Box>
  );
}
