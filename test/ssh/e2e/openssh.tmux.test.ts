import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { requireProgram, requireTmux, shellQuote as quote, STEP_TIMEOUT_MS, tmuxTerminal, type TmuxTerminal } from '../../support/tmux.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/*
 * The dashboard over SSH as a person gets it: Debian's OpenSSH client (`ssh -tt`) in a real
 * terminal (tmux, on its own socket so nobody else's tmux is touched: test/support/tmux.ts)
 * against `kbc-account ssh` as a real process.
 */

const LOOK_EVERY_MS = 50;

const ERIN = { email: 'erin@example.com', password: 'erin correct horse battery staple' };
const FRED = { email: 'fred@example.com', password: 'fred correct horse battery staple' };
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}

let dataDir: string | null = null;
let terminal: TmuxTerminal | null = null;
let server: ServerProcess | null = null;
let core: Core | null = null;

afterAll(async () => {
  terminal?.kill();
  await server?.stop();
  await core?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard over SSH with OpenSSH in a real terminal (tmux)', () => {
  it('connects with ssh -tt, checks the host key, signs in, enables MFA, creates a token, resizes, quits; a client killed mid-form leaves nothing', { timeout: 150_000 }, async () => {
    requireTmux();
    requireProgram('ssh', ['-V'], 'openssh-client');
    dataDir = await mkdtemp(join(tmpdir(), 'kbc-ssh-e2e-'));
    core = await openCore({ dataDir, env: {} });
    const erinId = (await core.accounts.create(ERIN)).id;
    const fredId = (await core.accounts.create(FRED)).id;
    server = await startServer(dataDir);
    const knownHosts = join(dataDir, 'known_hosts');
    const ssh = `ssh -tt -p ${server.port} -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=${quote(knownHosts)} -o LogLevel=ERROR -F /dev/null 127.0.0.1`;

    terminal = tmuxTerminal({ columns: 120, rows: 40 });
    const { tmux, session, type: typeText, press, waitFor: shows } = terminal;
    typeText(`${ssh}; echo EXITED $?`);
    press('Enter');

    // The host key the client recorded is the one the server printed.
    await shows('Sign in to Keboola Connection', 30_000);
    const recorded = execFileSync('ssh-keygen', ['-lf', knownHosts], { encoding: 'utf8' });
    expect(recorded).toContain(server.fingerprint);

    typeText(ERIN.email);
    press('Tab');
    typeText(ERIN.password);
    press('Enter');
    await shows('Your projects');

    // MFA with a code computed from the secret on screen.
    typeText('s');
    await shows('1 Account & Security');
    press('Enter');
    await shows('❯ Change password');
    press('Down');
    await shows('❯ Enable multi-factor authentication');
    press('Enter');
    const secret = SECRET.exec(await shows(SECRET))![1]!.replace(/ /g, '');
    typeText(await totpCodeAt(secret, new Date()));
    press('Enter');
    await shows('Save these codes now: they are shown only once.');
    press('Enter');
    await shows('Multi-factor authentication is on.');
    await expect(core.mfa.status(erinId)).resolves.toMatchObject({ enabled: true });

    // A token, read off the screen.
    press('Escape');
    await shows('Enter/→ open');
    typeText('3');
    await shows('n new token');
    typeText('n');
    await shows('New Management API token');
    typeText('From OpenSSH');
    press('Enter');
    press('Enter');
    const token = TOKEN.exec(await shows(TOKEN))![0];
    await expect(core.tokens.verify(token)).resolves.toMatchObject({ accountId: erinId });
    press('Enter');
    await shows('Token “From OpenSSH” created');

    // The window shrinks below the minimum and grows back: the client sends window-change.
    tmux('resize-window', '-t', session, '-x', '70', '-y', '20');
    await shows(/at least 80.24/);
    tmux('resize-window', '-t', session, '-x', '100', '-y', '30');
    const back = await shows('Token “From OpenSSH” created');
    expect(back.split('\n')[0]!.trimEnd().length).toBeLessThanOrEqual(100);

    // q quits (outside a form): the exit status comes back through ssh, the shell's screen is back.
    press('Escape');
    await shows('Enter/→ open');
    typeText('q');
    const after = await shows(/^EXITED \d+/m);
    expect(after).toMatch(/^EXITED 0$/m);
    expect(after).not.toContain('Keboola Connection · Account');
    expect(terminal.alternateOn()).toBe(false);

    // Fred starts a token and his ssh client is killed mid-form.
    tmux('send-keys', '-t', session, '-l', `clear; ${ssh}; echo EXITED $?`);
    press('Enter');
    await shows('Sign in to Keboola Connection', 30_000);
    typeText(FRED.email);
    press('Tab');
    typeText(FRED.password);
    press('Enter');
    await shows('Your projects');
    const elsewhere = await core.accounts.login({ ...FRED, via: 'cli' });
    if (elsewhere.status !== 'ok') throw new Error('expected a session');
    await until(async () => (await core!.sessions.list(elsewhere.session.token)).some((session) => session.from === 'ssh from 127.0.0.1'), 'an SSH session in the list');
    typeText('t');
    await shows('Press Enter to work in this section.');
    press('Enter');
    await shows('n new token');
    typeText('n');
    await shows('New Management API token');
    typeText('Half typed');
    tmux('kill-session', '-t', session);
    await until(async () => (await core!.sessions.list(elsewhere.session.token)).every((session) => session.via !== 'ssh'), 'the SSH session signed out');
    expect(await core.tokens.list(fredId)).toEqual([]);
  });
});
