import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'filter@example.com';

async function signedIn(prepare: (setup: ReturnType<typeof testCore> & { accountId: string }) => Promise<void>) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  await prepare({ ...setup, accountId });
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  return { ...setup, accountId, h: harness };
}

describe('the / filter', () => {
  it('filters a project’s members by email or role, and Esc clears it before going back', async () => {
    const { h } = await signedIn(async ({ core }) => {
      const project = await core.projects.create({ name: 'Warehouse' });
      await core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
      for (const [email, role] of [['ada@example.com', 'guest'], ['bob@example.com', 'share'], ['lou@other.org', 'guest']] as const) {
        await makeAccount(core, email);
        await core.projects.addMember({ projectId: project.id, email, role });
      }
    });
    await h.waitFor('Warehouse');
    await h.press(KEY.enter);
    await h.waitFor('Limits & usage');
    expect(h.frame()).toContain('/ filter members');
    await h.press('/');
    await h.waitFor('Enter keep');
    await h.press('lou@');
    const filtered = await h.waitUntil((frame) => !frame.includes('ada@example.com'), 'the filter applied');
    expect(filtered).toContain('lou@other.org');
    expect(filtered).not.toContain('bob@example.com');
    // While typing, l (leave) and q (quit) are text, not keys.
    expect(filtered).not.toContain('Leave Warehouse?');
    await h.press('\x15');
    await h.press('guest');
    await h.press(KEY.enter);
    const kept = flat(await h.waitFor('Esc clears the filter'));
    expect(kept).toContain('ada@example.com');
    expect(kept).toContain('lou@other.org');
    expect(kept).not.toContain('bob@example.com');
    await h.press(KEY.escape);
    await h.waitFor('bob@example.com');
    expect(h.frame()).toContain('Limits & usage');
    await h.press(KEY.escape);
    await h.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Limits & usage'), 'home again');
  });

  it('filters the active sessions by where and from where, and d acts on the session the filter left', async () => {
    const { core, h } = await signedIn(async () => undefined);
    await core.accounts.login({ email: EMAIL, password: PASSWORD, via: 'ssh', from: 'SSH from 203.0.113.9' });
    await core.accounts.login({ email: EMAIL, password: PASSWORD, via: 'api', from: 'Management API from 198.51.100.4' });
    await h.press('s');
    await h.press('1');
    await h.waitFor('Active sessions');
    for (let i = 0; i < 2; i++) await h.press(KEY.down);
    await h.press(KEY.enter);
    await h.waitFor('(this session)');
    await h.waitFor('198.51.100.4');
    await h.press('/');
    await h.press('203.0');
    const frame = await h.waitUntil((shown) => !shown.includes('198.51.100.4') && !shown.includes('(this session)'), 'one session left');
    expect(frame).toContain('203.0.113.9');
    await h.press(KEY.enter);
    await h.press('d');
    expect(flat(await h.waitFor('Sign out this session?'))).toContain('SSH from 203.0.113.9');
    await h.press(KEY.escape);
    await h.press('/');
    await h.press('nowhere');
    await h.waitFor('Nothing matches; 3 in all.');
  });

  it('filters notifications through the core: title or message, any case, and the list pages within what matches', async () => {
    const { h } = await signedIn(async ({ core, clock }) => {
      for (let n = 1; n <= 60; n++) {
        const topic = n % 3 === 0 ? 'Storage migration' : 'Weekly digest';
        await core.notifications.publish({ kind: 'announcement', title: `${topic} ${n}`, message: n === 31 ? 'Mentions the STORAGE backend.' : 'Nothing else.', expiresAt: null, audience: { type: 'all' } });
        clock.advance({ minutes: 1 });
      }
    });
    await h.press('n');
    await h.waitFor('Enter/→ open');
    await h.press(KEY.enter);
    await h.waitFor('Esc/← sections');
    expect(h.frame()).toContain('/ filter');
    await h.press('/');
    await h.press('storage');
    await h.waitFor('· 21 found');
    const frame = h.frame();
    expect(frame).toContain('Storage migration 60');
    expect(frame).not.toContain('Weekly digest 59');
    await h.press(KEY.enter);
    await h.press('\x1b[F'); // End
    await h.waitFor(/❯ ● announcement {2}Storage migration 3\b/);
    expect(h.frame()).toContain('Weekly digest 31');
    await h.press(KEY.enter);
    await h.waitFor('Nothing else.');
  });
});
