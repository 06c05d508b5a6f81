import { Box, Text } from 'ink';
import type { MemberProjectView } from '../../core/index.ts';
import { useNav, useSession, useAccount } from '../nav-context.tsx';
import { QUIT_HINT, useKeyHints, useLayout } from '../layout-context.tsx';
import { usePoll } from '../hooks/use-poll.ts';
import { useGlobalKeys } from '../hooks/use-global-keys.ts';
import { useListNavigation } from '../hooks/use-list-navigation.ts';
import { FILTER_TYPING_HINTS, List } from '../components/List.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { day, pad } from '../format.ts';
import { AccountGlance, AccountGlanceLine } from '../components/AccountGlance.tsx';
import type { SettingsSectionId } from '../settings-sections.ts';
import { useKeys } from '../keyboard.tsx';
import { ColumnHeads } from '../components/ColumnHeads.tsx';

/** Rows above the list: title, column headings. */
const CHROME_ROWS = 4;
/** The account's line above the list when the panel does not fit, and the empty row under it. */
const GLANCE_LINE_ROWS = 2;
/** Cells of the account panel, shown from GLANCE_FROM body cells on. */
const GLANCE_WIDTH = 34;
const GLANCE_FROM = 100;

const NONE: readonly MemberProjectView[] = [];
const projectKey = (project: MemberProjectView) => project.id;
const projectText = (project: MemberProjectView) => project.name;

/** Keys that open an Account Settings section straight from home. */
const SECTION_KEYS: Readonly<Record<string, SettingsSectionId>> = { s: 'security', i: 'invitations', t: 'tokens', n: 'notifications' };

/** The account's projects; Enter opens one, `s` opens Account Settings. */
export function HomeScreen() {
  const me = useAccount();
  const session = useSession();
  const { dispatch } = useNav();
  const { bodyHeight, bodyWidth } = useLayout();
  const projects = usePoll(() => me.projects.listForAccount(), [session.accountId]);
  const glance = bodyWidth >= GLANCE_FROM;
  const listHeight = Math.max(3, bodyHeight - CHROME_ROWS - (glance ? 0 : GLANCE_LINE_ROWS));
  const list = useListNavigation(projects.data ?? NONE, projectKey, listHeight - 1, { textOf: projectText });
  const globalKeys = useGlobalKeys();
  // Most wanted first: at 80 columns the footer shows up to `s`, the rest is in the `?` list.
  useKeyHints(list.filter?.editing ? FILTER_TYPING_HINTS : [
    { key: 'Enter/→', label: 'open' },
    { key: 'i', label: 'invitations' },
    { key: 't', label: 'tokens' },
    { key: 'n', label: 'notifications' },
    { key: 's', label: 'settings' },
    { key: '↑↓', label: 'move' },
    { key: '/', label: 'filter' },
    { key: 'L', label: 'log out' },
    QUIT_HINT,
  ]);

  useKeys((input, key) => {
    if (list.handleKey(input, key)) return;
    const project = list.selected;
    if ((key.return || key.rightArrow) && project) dispatch({ type: 'push', route: { name: 'project', projectId: project.id, projectName: project.name } });
    else if (SECTION_KEYS[input]) dispatch({ type: 'push', route: { name: 'settings', section: SECTION_KEYS[input] } });
    else if (input === 'L') {
      // Signed out here on purpose: the session ends in the store too, not only on this screen.
      void me.session.signOut().catch(() => undefined);
      dispatch({ type: 'logged-out' });
    }
    else globalKeys(input, key);
  });

  const listWidth = glance ? bodyWidth - GLANCE_WIDTH - 2 : bodyWidth;
  const nameWidth = Math.max(20, Math.min(40, listWidth - 50));
  return (
    <Box>
      <Box flexDirection="column" width={listWidth} marginRight={glance ? 2 : 0}>
        {!glance && (
          <>
            <AccountGlanceLine accountId={session.accountId} />
            <Text> </Text>
          </>
        )}
        <Text bold>Your projects</Text>
        <ErrorBanner error={projects.error} />
        <Text> </Text>
        <Box>
          <ColumnHeads
            columns={[
              ['PROJECT', nameWidth],
              ['ROLE', 10],
              ['MEMBERS', 9],
              ['EXPIRES', 14],
            ]}
            last="STATUS"
          />
        </Box>
        {projects.data === undefined ? (
          <Text color="gray">Loading…</Text>
        ) : (
          <List
            items={list.items}
            selected={list.index}
            height={listHeight}
            filter={list.filter}
            focused
            keyOf={(project) => project.id}
            renderRow={(project, selected) => <ProjectRow project={project} accountId={session.accountId} selected={selected} nameWidth={nameWidth} />}
            empty={
              <Box flexDirection="column">
                <Text>You are not a member of any project yet.</Text>
                <Text color="gray">Accept an invitation or redeem a promo code in Account Settings (press s).</Text>
              </Box>
            }
          />
        )}
      </Box>
      {glance && <AccountGlance accountId={session.accountId} width={GLANCE_WIDTH} />}
    </Box>
  );
}

function ProjectRow({ project, selected, nameWidth }: { readonly project: MemberProjectView; readonly accountId: string; readonly selected: boolean; readonly nameWidth: number }) {
  const { role, expiresAt, blockedByMfa } = project.membership;
  const over = project.breachedMetrics.length > 0;
  return (
    <Text wrap="truncate-end">
      <Text bold={selected} color={selected ? 'cyan' : undefined}>
        {pad(project.name, nameWidth)}
      </Text>
      {pad(role, 10)}
      {pad(String(project.members.length), 9)}
      {pad(project.expiresAt ? day(project.expiresAt) : '—', 14)}
      {blockedByMfa ? (
        <Text color="red">🔒 enable MFA to open</Text>
      ) : over ? (
        <Text color="red">▲ over limit</Text>
      ) : (
        <Text color="green">ok</Text>
      )}
      {expiresAt ? <Text color="yellow"> · until {day(expiresAt)}</Text> : null}
    </Text>
  );
}
