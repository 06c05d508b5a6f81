import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, totpCodeAt } from '../../../src/core/index.ts';

/*
 * The guided accept in a real terminal (issue 16): an invitation to a project that requires MFA,
 * accepted by someone without MFA, goes through MFA enrolment and back to the accept. tmux runs
 * `bin/kbc-account.js` on a temp data directory on its own tmux server (socket), killed afterwards.
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SOCKET = `kbc-e2e-guided-${randomBytes(4).toString('hex')}`;
const SESSION = 'guided';
const LOOK_EVERY_MS = 50;
const STEP_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 40_000;

const EMAIL = 'guided@example.com';
const PASSWORD = 'guided correct horse battery staple';
const PROJECT = 'Finance Vault';
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;

function tmuxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const name of Object.keys(env)) {
    if (name === 'CI' || name === 'NODE_ENV' || name.startsWith('VITEST') || name.startsWith('KBC_ACCOUNT_')) delete env[name];
  }
  return env;
}

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', env: tmuxEnv(), cwd: REPO });
const screen = (): string => tmux('capture-pane', '-p', '-t', SESSION);
const typeText = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);
const press = (key: 'Enter' | 'Tab' | 'Escape'): void => void tmux('send-keys', '-t', SESSION, key);
/** The screen as one line of words: borders dropped and runs of space collapsed, so wrapped text matches. */
const flat = (text: string): string => text.replace(/[│╭╮╰╯─┌┐└┘]/g, ' ').replace(/\s+/g, ' ');
const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

async function waitForScreen(predicate: (text: string) => boolean, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = screen();
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`The screen never showed ${what} within ${timeoutMs} ms. Last screen:\n${last}`);
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}
const shows = (text: string | RegExp) => waitForScreen((current) => (typeof text === 'string' ? current.includes(text) : text.test(current)), String(text));

let dataDir: string | null = null;
let socketPath: string | null = null;
afterAll(async () => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { env: tmuxEnv() });
  if (socketPath) await rm(socketPath, { force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the guided accept in a real terminal (tmux)', () => {
  it('accepts an invitation to a project that requires MFA by enabling MFA on the way, then opens the project', { timeout: 120_000 }, async () => {
    const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) throw new Error('tmux is not installed (apt-get install tmux); .ci/run installs it in CI.');
    dataDir = await mkdtemp(join(tmpdir(), 'kbc-e2e-guided-'));
    const core = await openCore({ dataDir, env: {} });
    const account = await core.accounts.create({ email: EMAIL, password: PASSWORD });
    const project = await core.projects.create({ name: PROJECT });
    await core.projects.requireMfa({ projectId: project.id });
    const invitation = await core.invitations.create({ projectId: project.id, email: EMAIL, membershipExpiresInDays: 30 });

    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', '-e', 'CI=false', '-c', REPO, 'sh');
    socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
    typeText(`env -u CI node bin/kbc-account.js --data ${quote(dataDir)}; echo EXITED $?`);
    press('Enter');

    await waitForScreen((current) => current.includes('Sign in to Keboola Connection'), 'the sign-in screen', START_TIMEOUT_MS);
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
