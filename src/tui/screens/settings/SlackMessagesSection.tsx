import { useState } from 'react';
import { Box, Text } from 'ink';
import { DM_KIND_NAMES, DM_KINDS, type DmKind } from '../../../core/index.ts';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';


/**
 * Slack Messages: which kinds of direct message reach the account holder in Slack (the same
 * choice the Slack Home tab edits). Space or Enter turns the selected kind on or off and saves at
 * once. The bell and the lists here always show everything.
 */
export function SlackMessagesSection({ active, onExit }: SectionProps) {
  const me = useAccount();
  const { accountId } = useSession();
  const preferences = usePoll(() => me.preferences.get(), [accountId]);
  const save = useAction();
  const [index, setIndex] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const globalKeys = useGlobalKeys(onExit);
  useKeyHints([{ key: '↑↓', label: 'kind' }, { key: 'Space', label: 'on/off' }, { key: 'Esc', label: 'sections' }, QUIT_HINT], active);

  const toggle = async (kind: DmKind) => {
    const current = preferences.data?.kinds[kind];
    if (current === undefined || save.busy) return;
    const outcome = await save.run('saving Slack message preferences', () => me.preferences.setDm({ [kind]: !current }));
    if (outcome.ok) setNotice(`${DM_KIND_NAMES[kind]}: ${outcome.value.kinds[kind] ? 'on' : 'off'} in Slack.`);
    preferences.reload();
  };

  useKeys(
    (input, key) => {
      const count = DM_KINDS.length;
      if (key.upArrow || input === 'k') setIndex((current) => (current + count - 1) % count);
      else if (key.downArrow || input === 'j') setIndex((current) => (current + 1) % count);
      else if (input === ' ' || key.return) void toggle(DM_KINDS[index]!);
      else globalKeys(input, key);
    },
    { isActive: active },
  );

  const data = preferences.data;
  return (
    <Box flexDirection="column">
      <Text bold>Slack Messages</Text>
      <Text> </Text>
      <Text>What reaches you in Slack as a direct message (when your Slack user is linked).</Text>
      <Text color="gray">The bell and the lists in this dashboard always show everything.</Text>
      <Text> </Text>
      {data === undefined ? (
        preferences.error ? null : <Text color="gray">Loading…</Text>
      ) : (
        DM_KINDS.map((kind, position) => {
          const selected = active && position === index;
          const on = data.kinds[kind];
          return (
            <Text key={kind} color={selected ? 'cyan' : undefined} inverse={selected}>
              {selected ? '❯ ' : '  '}
              {on ? '[x]' : '[ ]'} {DM_KIND_NAMES[kind]}
              <Text color={selected ? undefined : 'gray'}>{on ? '  on' : '  off'}</Text>
            </Text>
          );
        })
      )}
      <Text> </Text>
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
      <SuccessLine text={notice} />
      <ErrorBanner error={save.error ?? preferences.error} />
    </Box>
  );
}
