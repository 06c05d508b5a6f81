import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, totpCodeAt } from '../../../src/core/index.ts';
import { requireTmux, shellQuote as quote, START_TIMEOUT_MS, tmuxTerminal, type TmuxTerminal } from '../../support/tmux.ts';

/*
 * The guided accept in a real terminal (issue 16): an invitation to a project that requires MFA,
 * accepted by someone without MFA, goes through MFA enrolment and back to the accept. tmux runs
 * `bin/kbc-account.js` on a temp data directory (test/support/tmux.ts: its own server, killed afterwards).
 */

const EMAIL = 'guided@example.com';
const PASSWORD = 'guided correct horse battery staple';
const PROJECT = 'Finance Vault';
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;

/** The screen as one line of words: borders dropped and runs of space collapsed, so wrapped text matches. */
const flat = (text: string): string => text.replace(/[│╭╮╰╯─┌┐└┘]/g, ' ').replace(/\s+/g, ' ');

let terminal: TmuxTerminal | null = null;
let dataDir: string | null = null;
afterAll(async () => {
  terminal?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the guided accept in a real terminal (tmux)', () => {
  it('accepts an invitation to a project that requires MFA by enabling MFA on the way, then opens the project', { timeout: 120_000 }, async () => {
    requireTmux();
    dataDir = await mkdtemp(join(tmpdir(), 'kbc-e2e-guided-'));
    const core = await openCore({ dataDir, env: {} });
    const account = await core.accounts.create({ email: EMAIL, password: PASSWORD });
    const project = await core.projects.create({ name: PROJECT });
    await core.projects.requireMfa({ projectId: project.id });
    const invitation = await core.invitations.create({ projectId: project.id, email: EMAIL, membershipExpiresInDays: 30 });

    terminal = tmuxTerminal({ columns: 120, rows: 40, sessionEnv: { CI: 'false' } });
    const { type: typeText, press, waitFor: shows } = terminal;
    typeText(`env -u CI node bin/kbc-account.js --data ${quote(dataDir)}; echo EXITED $?`);
    press('Enter');

    await shows('Sign in to Keboola Connection', START_TIMEOUT_MS);
    typeText(EMAIL);
    press('Tab');
    typeText(PASSWORD);
    press('Enter');
    await shows('Your projects');
    typeText('i');
    await shows('Enter/→ open');
    press('Enter');
    const list = await shows('MFA required');
    expect(list).toContain(PROJECT);

    // Accept: refused for want of MFA, explained, and the guide starts.
    press('Enter');
    // Accepting asks first, naming the project.
    await shows(`Accept the invitation to ${PROJECT}?`);
    typeText('y');
    const guide = flat(await shows('Enter enable MFA now'));
    expect(guide).toContain('This project requires users to have multi-factor authentication enabled');
    press('Enter');
    const enrol = await shows(SECRET);
    expect(enrol).toContain('Step 2 of 3');
    const secret = SECRET.exec(enrol)![1]!.replace(/ /g, '');
    typeText(await totpCodeAt(secret, new Date()));
    press('Enter');
    await shows('Save these codes now: they are shown only once.');
    press('Enter');

    // Back to the accept, finished without finding the invitation again: the project opens.
    const opened = await shows('Limits & usage');
    expect(opened).toContain(`Account Settings › ${PROJECT}`);
    expect(flat(opened)).toContain('Your membership ends in');
    await expect(core.invitations.get(account.id, invitation.id)).resolves.toMatchObject({ status: 'accepted' });
    await expect(core.mfa.status(account.id)).resolves.toMatchObject({ enabled: true });

    typeText('q');
    expect(await shows(/^EXITED \d+/m)).toMatch(/^EXITED 0$/m);
    await core.close();
  });
});
