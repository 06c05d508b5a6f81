import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ProjectView } from '../../core/index.ts';
import { useCore } from '../context.tsx';
import { useNav, useSession, useAccount } from '../nav-context.tsx';
import { BACK_HINT, QUIT_HINT, useKeyHints, useLayout } from '../layout-context.tsx';
import { usePoll } from '../hooks/use-poll.ts';
import { useGlobalKeys } from '../hooks/use-global-keys.ts';
import { useListNavigation } from '../hooks/use-list-navigation.ts';
import { FILTER_TYPING_HINTS, List } from '../components/List.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { day, pad, relative } from '../format.ts';
import { useKeys } from '../keyboard.tsx';
import { useAction } from '../hooks/use-action.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { oneLine } from '../safe-text.ts';

/** Side by side from this body width; stacked below it. */
const TWO_COLUMNS_FROM = 100;
const BAR_CELLS = 20;
const memberKey = (member: ProjectView['members'][number]) => member.accountId;
/** What `/` searches in a member's row: the email and the role. */
const memberText = (member: ProjectView['members'][number]) => `${member.email} ${member.role}`;

/** One project: its members, limits and usage. `s` opens Account Settings from here too. */
export function ProjectScreen({ projectId }: { readonly projectId: string }) {
  const core = useCore();
  const me = useAccount();
  const { dispatch } = useNav();
  const { bodyWidth, bodyHeight } = useLayout();
  const session = useSession();
  const project = usePoll(() => me.projects.getForAccount(projectId), [session.accountId, projectId]);
  const members = project.data?.members ?? [];
  const twoColumns = bodyWidth >= TWO_COLUMNS_FROM;
  const metricCount = project.data ? metricsOf(project.data).length : 0;
  const membersHeight = Math.max(3, twoColumns ? bodyHeight - 5 : bodyHeight - 8 - metricCount);
  const list = useListNavigation(members, memberKey, membersHeight - 1, { textOf: memberText });
  const globalKeys = useGlobalKeys();
  const leave = useAction();
  const [confirmingLeave, setConfirmingLeave] = useState(false);
  useKeyHints(
    list.filter?.editing
      ? FILTER_TYPING_HINTS
      : [
          { key: '↑↓', label: 'scroll members' },
          ...(members.length > 1 ? [{ key: '/', label: 'filter members' }] : []),
          { key: 'l', label: 'leave project' },
          { key: 's', label: 'account settings' },
          BACK_HINT,
          QUIT_HINT,
        ],
    !confirmingLeave,
  );

  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      if (input === 's') dispatch({ type: 'push', route: { name: 'settings', section: 'security' } });
      else if (input === 'l' && project.data && !leave.busy) {
        leave.clearError();
        setConfirmingLeave(true);
      } else globalKeys(input, key);
    },
    { isActive: !confirmingLeave },
  );

  const leaveProject = async () => {
    setConfirmingLeave(false);
    const outcome = await leave.run('leaving a project', () => me.projects.leave(projectId));
    if (outcome.ok) dispatch({ type: 'pop' });
  };

  if (!project.data) return project.error ? <ErrorBanner error={project.error} /> : <Text color="gray">Loading…</Text>;
  const view = project.data;
  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{oneLine(view.name)}</Text>
        <Text color="gray">
          {'  '}created {day(view.createdAt)}
          {view.expiresAt ? ` · expires ${relative(view.expiresAt, now)} (${day(view.expiresAt)})` : ' · does not expire'}
        </Text>
      </Box>
      {view.membership.expiresAt ? (
        <Text color="yellow">
          Your membership ends {relative(view.membership.expiresAt, now)}: member until {day(view.membership.expiresAt)}.
        </Text>
      ) : null}
      {view.mfaRequired ? <Text color="gray">This project requires multi-factor authentication.</Text> : null}
      <ErrorBanner error={project.error ?? leave.error} />
      {confirmingLeave ? (
        <ConfirmDialog
          title={`Leave ${view.name}?`}
          message={
            view.membership.lastAdmin
              ? 'You are its last admin: the core will refuse, since nobody could then invite people or answer join requests.'
              : 'You lose access at once; to come back you need a new invitation or an approved join request.'
          }
          confirmLabel="leave"
          danger
          onConfirm={() => void leaveProject()}
          onCancel={() => setConfirmingLeave(false)}
        />
      ) : null}
      <Text> </Text>
      <Box flexDirection={twoColumns ? 'row' : 'column'}>
        <Box flexDirection="column" width={twoColumns ? Math.floor(bodyWidth / 2) : undefined} marginRight={2}>
          <Text bold color="cyan">
            Members ({members.length})
          </Text>
          <List
            items={list.items}
            selected={list.index}
            height={membersHeight}
            filter={list.filter}
            focused
            keyOf={(member) => member.accountId}
            renderRow={(member) => (
              <Text wrap="truncate-end">
                {pad(member.email, 28)}
                <Text color="gray">{pad(member.role, 10)}</Text>
                <Text color="gray">since {day(member.joinedAt)}</Text>
                {member.expiresAt ? <Text color="yellow"> until {day(member.expiresAt)}</Text> : null}
              </Text>
            )}
            empty={<Text color="gray">No members.</Text>}
          />
        </Box>
        <Box flexDirection="column" marginTop={twoColumns ? 0 : 1}>
          <Text bold color="cyan">
            Limits & usage
          </Text>
          <Usage project={view} />
        </Box>
      </Box>
    </Box>
  );
}

/** Every metric with a limit or a recorded value, by name. */
function metricsOf(project: ProjectView): string[] {
  return [...new Set([...Object.keys(project.limits), ...Object.keys(project.usage)])].sort();
}

function Usage({ project }: { readonly project: ProjectView }) {
  const metrics = metricsOf(project);
  if (metrics.length === 0) return <Text color="gray">No limits set.</Text>;
  return (
    <Box flexDirection="column">
      {metrics.map((metric) => {
        // Own entries only: a metric named `constructor` or `toString` is not a property of every object.
        const limit = Object.hasOwn(project.limits, metric) ? project.limits[metric] : undefined;
        const value = (Object.hasOwn(project.usage, metric) ? project.usage[metric]?.value : undefined) ?? 0;
        // Over the limit: the core's judgement, as on the Home screen.
        const over = project.breachedMetrics.includes(metric);
        const ratio = limit ? Math.min(1, value / limit) : 0;
        const filled = Math.round(ratio * BAR_CELLS);
        return (
          <Text key={metric}>
            {pad(metric, 16)}
            <Text color={over ? 'red' : ratio >= 0.8 ? 'yellow' : 'green'}>{'█'.repeat(filled)}</Text>
            <Text color="gray">{'░'.repeat(BAR_CELLS - filled)}</Text>
            {'  '}
            <Text color={over ? 'red' : undefined} bold={over}>
              {value} / {limit ?? '∞'}
            </Text>
            {over ? <Text color="red"> over limit</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
