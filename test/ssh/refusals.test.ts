import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, ClientChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src/core/index.ts';
import { REFUSALS } from '../../src/ssh/index.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { connect, exitCodeOf, SshTerminal, watchExit } from './support/ssh-terminal.ts';

/*
 * What the SSH server refuses, through a real client against `kbc-account ssh` as a real process:
 * commands, subsystems, forwarding, a second session, a shell without a pty, and more sessions or
 * sign-in attempts than its limits allow.
 */

const EMAIL = 'dana@example.com';
const PASSWORD = 'dana correct horse battery staple';
const PER_ADDRESS = 2;
const SIGN_IN_ATTEMPTS = 2;

let dataDir: string;
let core: Core;
let server: ServerProcess;
const clients: Client[] = [];
const terminals: SshTerminal[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kbc-ssh-refusals-'));
  core = await openCore({ dataDir, env: {} });
  await core.accounts.create({ email: EMAIL, password: PASSWORD });
  server = await startServer(dataDir, {
    KBC_SSH_MAX_SESSIONS_PER_ADDRESS: String(PER_ADDRESS),
    KBC_SSH_MAX_SIGN_IN_ATTEMPTS: String(SIGN_IN_ATTEMPTS),
  });
}, 60_000);

/** Polls `check` until it holds (at most 10 s). */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

// Each test starts with no connection open: the per-address limit must count only its own.
afterEach(async () => {
  for (const client of clients.splice(0)) client.end();
  const left = terminals.splice(0);
  for (const person of left) person.drop();
  await Promise.all(left.map((person) => person.exited));
  await until(() => count(server.output(), /\] connected \(/g) === count(server.output(), /\] disconnected/g), 'every connection closed on the server');
});

afterAll(async () => {
  await server?.stop();
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function client(): Promise<Client> {
  const { client: connected } = await connect(server.port);
  clients.push(connected);
  return connected;
}

async function terminal(options?: Parameters<typeof SshTerminal.open>[1]): Promise<SshTerminal> {
  const opened = await SshTerminal.open(server.port, options);
  terminals.push(opened);
  return opened;
}

/** Everything a channel says on stdout and stderr, and its exit status, once it closed. */
function outcome(channel: ClientChannel): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    channel.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    channel.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    channel.on('close', () => resolve({ stdout, stderr, code: exitCodeOf(channel) }));
  });
}

/** ssh2's callback API as a promise; a channel's exit status is watched from the callback on. */
const promised = <T>(start: (callback: (error: Error | undefined, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    start((error, value) => {
      if (error) return reject(error);
      if (value && typeof value === 'object' && 'stderr' in value) watchExit(value as unknown as ClientChannel);
      resolve(value);
    }),
  );

describe('what the SSH server refuses', () => {
  it('runs no command: exec says so and exits 1', async () => {
    const connected = await client();
    const channel = await promised<ClientChannel>((done) => connected.exec('cat /etc/passwd', done));
    const result = await outcome(channel);
    expect(result).toEqual({ stdout: '', stderr: `${REFUSALS.exec}\r\n`, code: 1 });
  });

  it('offers no subsystem: sftp is refused with a message, and an SFTP client cannot start', async () => {
    const connected = await client();
    const channel = await promised<ClientChannel>((done) => connected.subsys('sftp', done));
    const result = await outcome(channel);
    expect(result).toEqual({ stdout: '', stderr: `${REFUSALS.subsystem}\r\n`, code: 1 });
    const again = await client();
    await expect(promised((done) => again.sftp(done))).rejects.toThrow();
  });

  it('forwards no port, either way', async () => {
    const connected = await client();
    await expect(promised((done) => connected.forwardOut('127.0.0.1', 40000, '127.0.0.1', server.port, done))).rejects.toThrow(/open failure/i);
    await expect(promised((done) => connected.forwardIn('127.0.0.1', 0, done))).rejects.toThrow();
  });

  it('forwards no agent and no X11', async () => {
    // An agent path is all ssh2's client needs to ask; nothing is ever read from it.
    const { client: withAgent } = await connect(server.port, { agent: join(dataDir, 'no-agent.sock'), agentForward: true });
    clients.push(withAgent);
    await expect(promised((done) => withAgent.shell({ term: 'xterm', cols: 100, rows: 30 }, done))).rejects.toThrow(/agent forwarding/i);
    const x11 = await client();
    await expect(promised((done) => x11.shell({ term: 'xterm', cols: 100, rows: 30 }, { x11: true }, done))).rejects.toThrow(/X11/i);
    // The server's log comes through a pipe, after the refusals reached the client.
    await until(() => /refused agent forwarding/.test(server.output()) && /refused X11 forwarding/.test(server.output()), 'both refusals in the log');
  });

  it('refuses a shell without a pty, saying how to connect', async () => {
    const connected = await client();
    const channel = await promised<ClientChannel>((done) => connected.shell(false, done));
    const result = await outcome(channel);
    expect(result).toEqual({ stdout: '', stderr: `${REFUSALS.noPty}\r\n`, code: 1 });
  });

  it('refuses a second session on a connection that runs a dashboard', async () => {
    const connected = await client();
    await promised<ClientChannel>((done) => connected.shell({ term: 'xterm', cols: 100, rows: 30 }, done));
    await expect(promised((done) => connected.exec('true', done))).rejects.toThrow(/open failure/i);
  });

  it(`serves at most ${PER_ADDRESS} sessions from one address, and a place freed is taken again`, { timeout: 60_000 }, async () => {
    const first = await terminal();
    const second = await terminal();
    await first.shows('Sign in to Keboola Connection');
    await second.shows('Sign in to Keboola Connection');
    const third = await terminal();
    await expect(third.exited).resolves.toBe(1);
    expect(third.stderr).toBe(`${REFUSALS.tooManyFromAddress(PER_ADDRESS)}\r\n`);
    expect(third.raw).toBe('');

    first.press('C-c');
    await expect(first.exited).resolves.toBe(130);
    // The place is free once the server saw the connection close.
    let fourth: SshTerminal | null = null;
    for (let attempt = 0; attempt < 20 && fourth === null; attempt += 1) {
      const candidate = await terminal();
      const ended = await Promise.race([candidate.exited.then(() => true), candidate.shows('Sign in to Keboola Connection').then(() => false)]);
      if (ended) candidate.close();
      else fourth = candidate;
    }
    expect(fourth).not.toBeNull();
  });

  it(`closes a connection after ${SIGN_IN_ATTEMPTS} failed sign-in attempts, saying why`, { timeout: 60_000 }, async () => {
    const person = await terminal();
    await person.shows('Sign in to Keboola Connection');
    person.type(EMAIL);
    person.press('Tab');
    for (let attempt = 1; attempt <= SIGN_IN_ATTEMPTS; attempt += 1) {
      // A failed attempt keeps the email and clears the password, which keeps the focus.
      person.type(`wrong password ${attempt}`);
      person.press('Enter');
      if (attempt < SIGN_IN_ATTEMPTS) await person.shows('The email or password is incorrect.');
    }
    await expect(person.exited).resolves.toBe(129);
    expect(person.stderr).toBe(`kbc-account: disconnected after ${SIGN_IN_ATTEMPTS} failed sign-in attempts on this connection.\r\n`);
    expect(await person.onAlternateScreen()).toBe(false);
    // The core counted them too, against the account.
    expect((await core.accounts.securityActivity((await core.accounts.findByEmail(EMAIL))!.id)).filter((event) => event.type === 'login.failed')).toHaveLength(SIGN_IN_ATTEMPTS);
  });

  it('colours each session as its client asks: none with NO_COLOR or TERM=dumb, while another session has colour', { timeout: 60_000 }, async () => {
    const plain = await terminal({ env: { NO_COLOR: '1' } });
    const dumb = await terminal({ term: 'dumb' });
    await Promise.all([plain.shows('Sign in to Keboola Connection'), dumb.shows('Sign in to Keboola Connection')]);
    for (const person of [plain, dumb]) {
      person.press('C-c');
      await person.exited;
    }
    const coloured = await terminal();
    await coloured.shows('Sign in to Keboola Connection');
    coloured.press('C-c');
    await coloured.exited;
    const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|4[0-7])(?:;[0-9;]*)?m/;
    expect(coloured.raw).toMatch(COLOUR);
    expect(plain.raw).not.toMatch(COLOUR);
    expect(dumb.raw).not.toMatch(COLOUR);
  });
});
