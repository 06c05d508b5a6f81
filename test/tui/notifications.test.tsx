import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core, NotificationKind } from '../../src/core/index.ts';
import { fileCore, makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { runCli } from '../support/cli.ts';
import { eventually, flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'reader@example.com';
/** Long enough that nothing is re-read by polling: only the dashboard's own actions refresh the screen. */
const NO_POLLING_MS = 600_000;
const END = '\x1b[F';
const PAGE_DOWN = '\x1b[6~';

/** Publishes notifications oldest first, one minute apart. */
async function publish(setup: ReturnType<typeof testCore>, notes: readonly { kind: NotificationKind; title: string; link?: string; expiresAt?: Date }[]) {
  for (const note of notes) {
    await setup.core.notifications.publish({ kind: note.kind, title: note.title, message: `About ${note.title}.`, link: note.link ?? null, expiresAt: note.expiresAt ?? null, audience: { type: 'all' } });
    setup.clock.advance({ minutes: 1 });
  }
}

const THREE = [
  { kind: 'deprecation', title: 'Python 3.8 is deprecated', link: 'https://status.keboola.com/python' },
  { kind: 'migration', title: 'Migrate to the new storage backend' },
  { kind: 'announcement', title: 'Maintenance on Sunday' },
] as const;

/** Logs in and opens Account Settings › Notifications with the keyboard in the section. */
async function openNotifications(core: Core, options: { pollIntervalMs?: number } = {}) {
  harness = await renderDashboard(core, options);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('n');
  await harness.waitFor('Enter/→ open');
  await harness.press(KEY.enter);
  await harness.waitFor('Esc/← sections');
  return harness;
}

/** The frame's line that shows `title`. */
const lineWith = (frame: string, title: string) => frame.split('\n').find((line) => line.includes(title)) ?? '';

describe('notifications', () => {
  it('lists notifications newest first, unread ones with a red dot, with their kind and when they were published', async () => {
    const setup = testCore();
    const accountId = await makeAccount(setup.core, EMAIL);
    await publish(setup, THREE);
    const oldest = (await setup.core.notifications.listForAccount(accountId)).items[2]!;
    await setup.core.notifications.markRead(accountId, oldest.id);
    const h = await openNotifications(setup.core);
    const frame = await h.waitFor('Maintenance on Sunday');
    expect(frame).toContain('● 2 unread · 3 notifications');
    expect(frame.indexOf('Maintenance on Sunday')).toBeLessThan(frame.indexOf('Migrate to the new storage backend'));
    expect(frame.indexOf('Migrate to the new storage backend')).toBeLessThan(frame.indexOf('Python 3.8 is deprecated'));
    expect(lineWith(frame, 'Maintenance on Sunday')).toMatch(/❯ ● announcement\s+Maintenance on Sunday\s+1 minute ago/);
    expect(lineWith(frame, 'Migrate to the new')).toMatch(/ ● migration\s+Migrate/);
    expect(lineWith(frame, 'Python 3.8')).toMatch(/^[^●]*deprecation\s+Python 3\.8 is deprecated\s+3 minutes ago/);
    expect(frame).toContain('a mark all read');
  });

  it('opens one with Enter: shows its message and link, marks it read in the core and the bell drops at once', async () => {
    const setup = testCore();
    const accountId = await makeAccount(setup.core, EMAIL);
    await publish(setup, THREE);
    const h = await openNotifications(setup.core, { pollIntervalMs: NO_POLLING_MS });
    await h.waitFor(/🔔 ● 3/);
    await h.press(KEY.down);
    await h.press(KEY.down);
    await h.waitFor('❯ ● deprecation');
    await h.press(KEY.enter);
    const detail = flat(await h.waitFor('About Python 3.8 is deprecated.'));
    expect(detail).toContain('DEPRECATION · from Keboola · to everyone');
    expect(detail).toMatch(/Published 3 minutes ago \(15 Jan 2026, \d\d:\d\d [A-Z][A-Za-z0-9+-]+\)/);
    expect(detail).toContain('Link (l jumps here, c copies it):');
    expect(detail).toContain('https://status.keboola.com/python');
    // No poll runs in this test: only the dashboard's own refresh can move the bell.
    await h.waitFor(/🔔 ● 2/);
    const page = await setup.core.notifications.listForAccount(accountId);
    expect(page.items.find((item) => item.title === 'Python 3.8 is deprecated')).toMatchObject({ read: true });
    expect(page.unread).toBe(2);
    await h.press(KEY.escape);
    const list = await h.waitFor('● 2 unread');
    expect(lineWith(list, 'Python 3.8')).not.toContain('●');
    expect(lineWith(list, 'Python 3.8')).toContain('❯');
  });

  it('marks all read with a: in the core, in the list and on the bell at once', async () => {
    const setup = testCore();
    const accountId = await makeAccount(setup.core, EMAIL);
    await publish(setup, THREE);
    const h = await openNotifications(setup.core, { pollIntervalMs: NO_POLLING_MS });
    await h.waitFor(/🔔 ● 3/);
    await h.press('a');
    const frame = await h.waitFor('✔ Marked 3 notifications as read.');
    await expect(setup.core.notifications.unreadCount(accountId)).resolves.toBe(0);
    await h.waitUntil((current) => !current.includes('●'), 'no unread dot anywhere, the bell included');
    expect(frame).toContain('🔔');
    await h.press('a');
    await h.waitFor('✔ Everything was already read.');
  });

  it('says what notifications are when there are none', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    const h = await openNotifications(setup.core);
    const frame = flat(await h.waitFor('No notifications yet.'));
    expect(frame).toContain('Announcements from Keboola about platform changes that affect your projects');
    expect(frame).not.toContain('mark all read');
  });

  it('says so when a notification is no longer available as it is opened', async () => {
    const setup = testCore();
    const accountId = await makeAccount(setup.core, EMAIL);
    await publish(setup, [{ kind: 'announcement', title: 'Flash sale', expiresAt: new Date(setup.clock.now().getTime() + 10 * 60_000) }]);
    const h = await openNotifications(setup.core, { pollIntervalMs: NO_POLLING_MS });
    await h.waitFor('Flash sale');
    // Within the session's 30 idle minutes.
    setup.clock.advance({ minutes: 20 });
    await h.press(KEY.enter);
    await h.waitFor('✖ That notification no longer exists.');
    await expect(setup.core.notifications.unreadCount(accountId)).resolves.toBe(0);
    await h.press(KEY.escape);
    await h.waitFor('No notifications yet.');
  });

  it('keeps the selection on its notification when a newer one arrives on top', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    await publish(setup, THREE);
    const h = await openNotifications(setup.core);
    await h.press(KEY.down);
    await h.waitFor('❯ ● migration');
    await act(async () => {
      await setup.core.notifications.publish({ kind: 'limit', title: 'Storage over limit', message: 'Clean up.', audience: { type: 'all' } });
    });
    const frame = await h.waitFor('Storage over limit');
    expect(lineWith(frame, 'Migrate to the new')).toContain('❯');
  });
});

/** `count` announcements titled Notice 0001, Notice 0002, … */
const numberedNotices = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ kind: 'announcement' as const, title: `Notice ${String(index + 1).padStart(4, '0')}` }));

type PageRead = Awaited<ReturnType<Core['notifications']['listForAccount']>>;
type PageOptions = NonNullable<Parameters<Core['notifications']['listForAccount']>[1]>;

/** `core` with every notification page read reported: what was asked, and what came back. */
function watchPages(core: Core, watch: { asked?: (options: PageOptions) => void; answered?: (page: PageRead, options: PageOptions) => void }): Core {
  return {
    ...core,
    // The dashboard reads through the signed-in user's scope: watch the reads there.
    signedIn: (token, scopeOptions) => {
      const scope = core.signedIn(token, scopeOptions);
      const real = scope.notifications;
      return {
        ...scope,
        notifications: {
          ...real,
          listForAccount: async (options: PageOptions = {}) => {
            watch.asked?.(options);
            const page = await real.listForAccount(options);
            watch.answered?.(page, options);
            return page;
          },
        },
      };
    },
  };
}

describe('a long list of notifications', () => {
  it('renders only the visible rows of 1,000 and reads them a page at a time', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    await publish(setup, numberedNotices(1000));
    const pages: { after: string | null; items: number; last: string | undefined; next: string | null }[] = [];
    const core = watchPages(setup.core, {
      answered: (page, options) => pages.push({ after: options.after ?? null, items: page.items.length, last: page.items.at(-1)?.title, next: page.next }),
    });
    const h = await openNotifications(core);
    // How many there are is not known before the oldest was read: the list says "at least".
    const top = await h.waitFor(/of \d+\+/);
    const rows = top.split('\n').filter((line) => /Notice \d{4}/.test(line));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(top).toMatch(new RegExp(`1–${rows.length} of \\d+\\+`));
    expect(top).toContain('Notice 1000');
    expect(top).not.toContain('Notice 0001');
    expect(pages.every((page) => page.last !== 'Notice 0001')).toBe(true);

    await h.press(PAGE_DOWN);
    await h.waitUntil((frame) => !frame.includes('Notice 1000'), 'the first page scrolled away');
    await h.press(END);
    const bottom = await h.waitFor('❯ ● announcement  Notice 0001');
    expect(bottom.split('\n').filter((line) => /Notice \d{4}/.test(line))).toHaveLength(rows.length);
    expect(bottom).toMatch(new RegExp(`${1001 - rows.length}–1000 of 1000`));
    expect(bottom).toContain('· 1,000 notifications');
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page.items).toBeLessThanOrEqual(200);
    expect(pages.some((page) => page.last === 'Notice 0001' && page.next === null)).toBe(true);

    const before = pages.length;
    await h.press(KEY.enter);
    await h.waitFor('About Notice 0001.');
    await h.waitFor(/🔔 ● 999\b/);
    // Read again after the change, the window at the bottom starts from a page's cursor, not from the newest.
    await eventually(() => expect(pages.length).toBeGreaterThan(before));
    expect(pages.slice(before).every((page) => page.after !== null)).toBe(true);
  });
});

describe('moving across a page boundary', () => {
  it('keeps the selection on the next notification while the next page is read, and moves on from it', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    await publish(setup, numberedNotices(200));
    /** The cursors of the pages asked for (null: the newest), and the first title of each page the core answered. */
    const asked: (string | null)[] = [];
    const answered: { after: string | null; first: string | undefined }[] = [];
    const core = watchPages(setup.core, {
      asked: (options) => asked.push(options.after ?? null),
      answered: (page, options) => answered.push({ after: options.after ?? null, first: page.items[0]?.title }),
    });
    // Position n (0 = newest) shows Notice 200 − n.
    const notice = (position: number) => `Notice ${String(200 - position).padStart(4, '0')}`;
    const selectedLine = () => lineWith(harness!.frame(), '❯ ●');
    const h = await openNotifications(core, { pollIntervalMs: NO_POLLING_MS });
    await h.waitFor(`❯ ● announcement  ${notice(0)}`);
    await eventually(() => expect(answered).toHaveLength(asked.length));
    const firstWindow = new Set(asked);
    expect(firstWindow.has(null)).toBe(true);
    // Two pages down stay in the first window read (it moves only once the selection is 50 rows
    // past the visible rows); then one key at a time until a page further on is asked for.
    await h.press(PAGE_DOWN);
    await h.press(PAGE_DOWN);
    const paged = /❯ ● announcement {2}Notice (\d{4})/.exec(await h.waitUntil((frame) => !frame.includes(notice(0)), 'the first rows scrolled away'));
    let position = 200 - Number(paged?.[1]);
    expect(asked.every((after) => firstWindow.has(after))).toBe(true);
    while (asked.every((after) => firstWindow.has(after))) {
      await h.press(KEY.down);
      position++;
      expect(selectedLine()).toContain(notice(position));
      expect(position).toBeLessThan(150);
    }
    // The moved window starts at a page's cursor, past the newest rows.
    await eventually(() => expect(answered.at(-1)?.after).not.toBeNull());
    await eventually(() => expect(answered).toHaveLength(asked.length));
    expect(selectedLine()).toContain(notice(position));
    expect(h.frame()).toContain(notice(position - 1));
    await h.press(KEY.down);
    await h.waitFor(`❯ ● announcement  ${notice(position + 1)}`);
    // And back up across the boundary: the first page is read again, the selection follows the keys.
    const beforeUp = answered.length;
    await h.press(KEY.up);
    await h.press(KEY.up);
    await h.waitFor(`❯ ● announcement  ${notice(position - 1)}`);
    await eventually(() => expect(answered.slice(beforeUp).some((page) => page.after === null && page.first === notice(0))).toBe(true));
    expect(selectedLine()).toContain(notice(position - 1));
  });
});

describe('notifications from other processes', () => {
  it('shows a notification the operator CLI publishes within seconds, and the bell counts it', async () => {
    const { core, dataDir } = await fileCore(new Date().toISOString());
    await makeAccount(core, EMAIL);
    const h = await openNotifications(core);
    await h.waitFor('No notifications yet.');
    let result!: Awaited<ReturnType<typeof runCli>>;
    await act(async () => {
      result = await runCli(['--data', dataDir, 'admin', 'notify', '--kind', 'migration', '--title', 'Move to the new backend', '--message', 'Start it from the project settings.']);
    });
    expect(result.code, result.stderr).toBe(0);
    const frame = await h.waitFor('Move to the new backend');
    expect(lineWith(frame, 'Move to the new backend')).toMatch(/● migration/);
    await h.waitFor(/🔔 ● 1/);
  });
});
