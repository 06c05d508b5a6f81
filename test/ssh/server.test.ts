import { afterEach, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { createSshServer, DEFAULT_LIMITS, fingerprintOf, generateHostKey, type HostKey, type SshLimits, type SshServer } from '../../src/ssh/index.ts';
import { testCore } from '../support/core.ts';
import { connect, SshTerminal } from './support/ssh-terminal.ts';

/*
 * The server's timeouts, caps and shutdown, in this process with short limits. What a session
 * shows is the business of dashboard.test.ts, against the real process: here Ink may believe it
 * runs in CI (the test run's CI=true) and draw nothing until the end, so nothing waits on a screen.
 */

function hostKey(): HostKey {
  const privateKey = generateHostKey();
  const parsed = ssh2.utils.parseKey(privateKey) as ssh2.ParsedKey;
  return { privateKey, fingerprint: fingerprintOf(parsed.getPublicSSH()), type: parsed.type, file: '(memory)', created: true };
}

let server: SshServer | null = null;
const lines: string[] = [];
const terminals: SshTerminal[] = [];

async function serve(limits: Partial<SshLimits>, host: string | undefined = '127.0.0.1'): Promise<number> {
  const { core } = testCore();
  server = createSshServer({ core, hostKey: hostKey(), limits: { ...DEFAULT_LIMITS, ...limits }, log: (line) => lines.push(line) });
  return (await server.listen(0, host)).port;
}

async function terminal(port: number, options?: Parameters<typeof SshTerminal.open>[1]): Promise<SshTerminal> {
  const opened = await SshTerminal.open(port, options);
  terminals.push(opened);
  return opened;
}

afterEach(async () => {
  for (const person of terminals.splice(0)) person.drop();
  await server?.close();
  server = null;
  lines.length = 0;
});

describe('the SSH server', () => {
  it('closes a session idle for the idle timeout, saying why, with status 129', async () => {
    const port = await serve({ idleMs: 2000 });
    const person = await terminal(port);
    await expect(person.exited).resolves.toBe(129);
    expect(person.stderr).toBe('kbc-account: disconnected after 2 seconds without a key pressed.\r\n');
    // The server frees the place once it saw the connection close.
    const deadline = Date.now() + 5_000;
    while (server!.connections() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(server!.connections()).toBe(0);
  });

  it('keeps a session that is typed in past the idle timeout', async () => {
    const port = await serve({ idleMs: 600 });
    const person = await terminal(port);
    let ended = false;
    void person.exited.then(() => (ended = true));
    for (let step = 0; step < 8; step += 1) {
      person.type('x');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ended).toBe(false);
  });

  it('closes a session that pours in more input than a terminal sends, before queuing it', async () => {
    const port = await serve({});
    const person = await terminal(port);
    person.type('a'.repeat(256 * 1024));
    await expect(person.exited).resolves.toBe(129);
    expect(person.stderr).toBe('kbc-account: disconnected: more input than a terminal sends (over 64 KiB in a second).\r\n');
  });

  it('listens on every address without a host, and names an IPv4 client without the ::ffff: prefix', async () => {
    const port = await serve({}, undefined);
    const { client } = await connect(port);
    client.end();
    expect(lines.find((line) => line.includes('connected ('))).toMatch(/^\[ssh \d+ 127\.0\.0\.1\] connected/);
  });

  it('closes a connection that starts no dashboard in time', async () => {
    const port = await serve({ startMs: 300 });
    const { client } = await connect(port);
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(lines.some((line) => line.includes('no dashboard started within'))).toBe(true);
  });

  it('serves at most maxSessions connections in all', async () => {
    const port = await serve({ maxSessions: 1 });
    await terminal(port);
    const second = await terminal(port);
    await expect(second.exited).resolves.toBe(1);
    expect(second.stderr).toContain('as many sessions as it may (1)');
  });

  it('lays out a huge requested window at a bounded size', async () => {
    const port = await serve({});
    // ssh2's client straight, without a terminal emulator: one of this size would not fit in memory.
    const { client } = await connect(port);
    await new Promise<void>((resolve, reject) => client.shell({ term: 'xterm', cols: 100_000, rows: 100_000 }, (error) => (error ? reject(error) : resolve())));
    const deadline = Date.now() + 10_000;
    while (!lines.some((line) => line.includes('dashboard started')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    client.end();
    expect(lines.find((line) => line.includes('dashboard started'))).toContain('(500×200,');
  });

  it('ends every session on close, each with the reason and status 129', async () => {
    const port = await serve({});
    const people = [await terminal(port), await terminal(port)];
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server!.close();
    server = null;
    for (const person of people) {
      await expect(person.exited).resolves.toBe(129);
      expect(person.stderr).toBe('kbc-account: the server is stopping.\r\n');
    }
  });
});
