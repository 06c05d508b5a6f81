import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { requireTmux, shellQuote as quote, START_TIMEOUT_MS, STEP_TIMEOUT_MS, tmuxTerminal, type TmuxTerminal } from '../../support/tmux.ts';

/*
 * The dashboard in a real terminal: tmux runs `bin/kbc-account.js` on a temp data directory and
 * the test types into it and reads the screen, as a person would (test/support/tmux.ts: its own
 * tmux server, killed afterwards, which also ends a dashboard left running by a failed step).
 */

const COLUMNS = 120;
const ROWS = 40;

const EMAIL = 'e2e@example.com';
const PASSWORD = 'e2e correct horse battery staple';
const PROJECT = 'End-to-End Project';
const BEFORE = 'SHELL-BEFORE-DASHBOARD';
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;

/** The header's first row: the bell and its count live there. */
const headerOf = (text: string): string => text.split('\n')[0] ?? '';

let terminal: TmuxTerminal | null = null;
let dataDir: string | null = null;

afterAll(async () => {
  terminal?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** An account with a known password, a project and two unread notifications, made through the core. */
async function seed(dir: string): Promise<{ core: Core; accountId: string }> {
  const opened = await openCore({ dataDir: dir, env: {} });
  const account = await opened.accounts.create({ email: EMAIL, password: PASSWORD });
  const project = await opened.projects.create({ name: PROJECT, limits: { storage_gb: 10 } });
  await opened.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
  await opened.notifications.publish({ kind: 'deprecation', title: 'Old transformations are deprecated', message: 'Move them before June.', audience: { type: 'all' } });
  await opened.notifications.publish({
    kind: 'migration',
    title: 'Migrate to the new storage backend',
    message: 'It takes about an hour.',
    audience: { type: 'project', projectId: project.id },
  });
  return { core: opened, accountId: account.id };
}

describe('the dashboard in a real terminal (tmux)', () => {
  it('logs in, enables MFA, creates and rotates a token, reads a notification, quits and restores the terminal', { timeout: 120_000 }, async () => {
    requireTmux();
    dataDir = await mkdtemp(join(tmpdir(), 'kbc-e2e-'));
    const seeded = await seed(dataDir);
    const { core } = seeded;
    const written = join(dataDir, 'terminal.log');
    // A shell first, as a person would have. Everything written to the pane from here on is also
    // recorded (to check the alternate screen is left). The dashboard runs as the shell's
    // foreground job, so killing the tmux server also ends it when a step fails.
    terminal = tmuxTerminal({ columns: COLUMNS, rows: ROWS });
    const { tmux, type: typeText, press, waitFor: shows } = terminal;
    tmux('pipe-pane', '-o', '-t', terminal.session, `cat >> ${quote(written)}`);
    typeText(`echo ${BEFORE}; env -u CI node bin/kbc-account.js --data ${quote(dataDir)}; echo EXITED $?`);
    press('Enter');

    // Log in.
    await shows((current) => current.includes('Sign in to Keboola Connection'), START_TIMEOUT_MS, 'the sign-in screen');
    typeText(EMAIL);
    press('Tab');
    typeText(PASSWORD);
    press('Enter');
    const home = await shows(PROJECT);
    expect(home).toContain('Your projects');
    // The bell is read on its own, a moment after the project list.
    await shows((current) => /● 2\b/.test(headerOf(current)), STEP_TIMEOUT_MS, 'the bell at 2');

    // Enable MFA with a code computed from the secret on screen.
    typeText('s');
    await shows('1 Account & Security');
    press('Enter');
    await shows('❯ Change password');
    press('Down');
    await shows('❯ Enable multi-factor authentication');
    press('Enter');
    const enrol = await shows(SECRET);
    const secret = SECRET.exec(enrol)![1]!.replace(/ /g, '');
    typeText(await totpCodeAt(secret, new Date()));
    press('Enter');
    await shows('Save these codes now: they are shown only once.');
    press('Enter');
    await shows('Multi-factor authentication is on.');
    await expect(core.mfa.status(seeded.accountId)).resolves.toMatchObject({ enabled: true });

    // Create a token and read it from the screen. (Esc and a key sent right after it would read as
    // Alt+key, as in any terminal: wait for the Esc to land first.)
    press('Escape');
    await shows('Enter/→ open');
    typeText('3');
    await shows('n new token');
    typeText('n');
    await shows('New Management API token');
    typeText('E2E token');
    press('Enter');
    press('Enter');
    const created = await shows(TOKEN);
    expect(created).toContain('Be sure to note it — it cannot be retrieved!');
    const token = TOKEN.exec(created)![0];
    await expect(core.tokens.verify(token)).resolves.toMatchObject({ accountId: seeded.accountId });
    press('Enter');
    const listed = await shows((current) => current.includes('Token “E2E token” created') && !TOKEN.test(current), STEP_TIMEOUT_MS, 'the token list without the token');
    expect(listed).toContain('E2E token');

    // Rotate it: the new token is shown once; the old one keeps working for the grace hour.
    typeText('r');
    await shows('Rotate “E2E token”');
    press('Enter');
    const rotated = await shows((current) => current.includes('Token rotated') && TOKEN.test(current), STEP_TIMEOUT_MS, 'the rotated token');
    const fresh = TOKEN.exec(rotated)![0];
    expect(fresh).not.toBe(token);
    expect(rotated).toContain('keeps working until');
    await expect(core.tokens.verify(fresh)).resolves.toMatchObject({ accountId: seeded.accountId });
    await expect(core.tokens.verify(token)).resolves.toMatchObject({ accountId: seeded.accountId });
    press('Enter');
    const afterRotation = await shows((current) => current.includes('Token “E2E token” rotated') && !TOKEN.test(current), STEP_TIMEOUT_MS, 'the token list after rotation');
    expect(afterRotation).toContain('ROTATED');

    // Open the newest notification, which marks it read; the bell counts one less.
    press('Escape');
    await shows('Enter/→ open');
    typeText('4');
    await shows('Migrate to the new storage backend');
    await shows('a mark all read');
    press('Enter');
    await shows((current) => /● 1\b/.test(headerOf(current)), STEP_TIMEOUT_MS, 'the bell at 1');
    await expect(core.notifications.unreadCount(seeded.accountId)).resolves.toBe(1);

    // Quit; the shell's screen comes back as it was.
    press('Escape');
    await shows('a mark all read');
    typeText('q');
    const after = await shows(/^EXITED \d+/m);
    expect(after).toMatch(/^EXITED 0$/m);
    expect(after).toMatch(new RegExp(`^${BEFORE}$`, 'm'));
    expect(after).not.toContain('Keboola Connection · Account');
    expect(terminal.alternateOn()).toBe(false);
    const output = await readFile(written, 'latin1');
    expect(output).toContain('\x1b[?1049h');
    expect(output.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(output.lastIndexOf('\x1b[?1049h'));
  });
});
