/**
 * The dashboard over SSH against the local dashboard, in the same run on the same data:
 * connect → the first complete sign-in frame, and keypress → frame; then the memory each
 * connected, signed-in session costs the server with 50 of them.
 *
 * The server is the real `kbc-account ssh` in its own process (as deployed); the client is ssh2's
 * in this process. The local dashboard is `startDashboard` in this process on a terminal stand-in,
 * what `kbc-account --data DIR` runs once the core is open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import { Client, type ClientChannel } from 'ssh2';
import type { Core } from '../src/core/core.ts';
import { startDashboard } from '../src/tui/index.tsx';
import { SessionInput } from '../src/ssh/terminal.ts';
import { accountIdOf, BENCH_PASSWORD, emailOf } from './seed.ts';
import { sleep } from './bench-core.ts';
import { interleave, Measured, type Comparison } from './stats.ts';

const BIN = fileURLToPath(new URL('../bin/kbc-account.js', import.meta.url));
const LOGIN_TITLE = 'Sign in to Keboola Connection';
/** The footer's last hint: the bottom row, so the frame is complete when it is there. */
const LAST_HINT = 'Ctrl+C quit';
const COLUMNS = 120;
const ROWS = 40;
/** Longer than Ink's render throttle (30 fps → 34 ms), so every keypress renders on the leading edge. */
const KEY_GAP_MS = 40;
const KEY = { enter: '\r', tab: '\t', down: '\x1b[B', up: '\x1b[A' } as const;
const ANSI = /\x1b\[[0-9;:?]*[A-Za-z]|\x1b[()][0-9A-Za-z]/g;

/**
 * What a terminal received, as text without escape sequences, from a mark on: resolves a wait at
 * the time of the chunk after which the text passes a check.
 */
class Transcript {
  private text = '';
  private waiter: { check: (text: string) => boolean; resolve: (at: number) => void } | null = null;

  push(chunk: string): void {
    const at = performance.now();
    this.text += chunk.replace(ANSI, '');
    if (this.waiter?.check(this.text)) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(at);
    }
  }

  /** Forgets what came so far: later waits look only at what arrives from now on. */
  mark(): void {
    this.text = '';
  }

  next(check: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<number> {
    if (check(this.text)) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame with ${what} within ${timeoutMs} ms; received:\n${this.text.slice(-3000)}`)), timeoutMs);
      this.waiter = { check, resolve: (at) => (clearTimeout(timer), resolve(at)) };
    });
  }
}

const signInFrame = (text: string) => text.includes(LOGIN_TITLE) && text.includes(LAST_HINT);

/** One dashboard the bench drives: over SSH or local. */
interface Driven {
  readonly transcript: Transcript;
  send(data: string): void;
  close(): Promise<void>;
}

/** A local dashboard on a terminal stand-in of COLUMNS×ROWS. */
function localDashboard(core: Core): Driven & { started: number } {
  const transcript = new Transcript();
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: COLUMNS,
    rows: ROWS,
    write: (data: string) => (transcript.push(data), true),
  });
  const stdin = new SessionInput();
  const hangUp = new AbortController();
  const started = performance.now();
  const done = startDashboard({
    core,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: Object.assign(new EventEmitter(), { write: () => true }) as unknown as NodeJS.WriteStream,
    process: Object.assign(new EventEmitter(), { exit: () => hangUp.abort() }),
    hangUp: hangUp.signal,
    pollIntervalMs: 600_000,
  });
  return {
    transcript,
    started,
    send: (data) => void stdin.write(data),
    close: async () => {
      hangUp.abort();
      await done;
    },
  };
}

/** Connects to the server and opens a shell with a COLUMNS×ROWS pty. */
async function sshDashboard(port: number): Promise<Driven & { started: number }> {
  const transcript = new Transcript();
  const client = new Client();
  const started = performance.now();
  const channel = await new Promise<ClientChannel>((resolve, reject) => {
    client.once('error', reject);
    client.once('ready', () => client.shell({ term: 'xterm-256color', cols: COLUMNS, rows: ROWS }, (error, stream) => (error ? reject(error) : resolve(stream))));
    client.connect({ host: '127.0.0.1', port, username: 'bench', hostVerifier: () => true });
    // As OpenSSH's client does for an interactive session.
    client.setNoDelay(true);
  });
  channel.on('data', (data: Buffer) => transcript.push(data.toString('utf8')));
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  return {
    transcript,
    started,
    send: (data) => void channel.write(data),
    close: async () => {
      client.end();
      await closed;
    },
  };
}

/** `kbc-account --data DIR ssh` on a free loopback port; resolves once it listens. */
export async function startSshServer(dataDir: string): Promise<{ port: number; child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'ssh'], {
    env: { ...process.env, SSH_PORT: '0', SSH_HOST: '127.0.0.1', KBC_SSH_MAX_SESSIONS: '200', KBC_SSH_MAX_SESSIONS_PER_ADDRESS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`kbc-account ssh exited (${code}) before listening: ${output.slice(0, 500)}`)));
  });
  return {
    port,
    child,
    output: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Connect (or start, for the local dashboard) → the first complete sign-in frame, SSH against
 * local, interleaved. Over SSH this is TCP, key exchange, the `none` authentication, the session,
 * pty and shell requests, the server starting a dashboard, and the frame's way back.
 */
export async function benchSshFirstFrame(core: Core, port: number, budgetMs: number): Promise<Comparison> {
  const sample = async (open: () => Promise<Driven & { started: number }>) => {
    const driven = await open();
    const at = await driven.transcript.next(signInFrame, 'the sign-in screen');
    await driven.close();
    return new Measured(at - driven.started);
  };
  return interleave({
    subject: () => sample(() => sshDashboard(port)),
    baseline: () => sample(async () => localDashboard(core)),
    between: () => sleep(20),
    warmup: 3,
    minPairs: 20,
    maxPairs: 150,
    budgetMs,
  });
}

/** Signs `driven` in as account `index` and opens Notifications with the keyboard in the list. */
async function toNotifications(driven: Driven, index: number): Promise<void> {
  const step = async (data: string, expect: string) => {
    driven.transcript.mark();
    driven.send(data);
    await driven.transcript.next((text) => text.includes(expect), JSON.stringify(expect));
    await sleep(KEY_GAP_MS);
  };
  await driven.transcript.next(signInFrame, 'the sign-in screen');
  await step(emailOf(index), emailOf(index));
  await step(KEY.tab, '❯ Password');
  await step(BENCH_PASSWORD, '•'.repeat(BENCH_PASSWORD.length));
  await step(KEY.enter, 'Your projects');
  await step('n', 'Enter/→ open');
  await step(KEY.enter, 'Esc sections');
}

/** Moves ↓ then ↑ between the first and last of `titles`; each step waits for the frame selecting the next title. */
function walker(driven: Driven, titles: readonly string[]) {
  let position = 0;
  let direction = 1;
  return async () => {
    if (position + direction >= titles.length || position + direction < 0) direction = -direction;
    position += direction;
    const title = `${titles[position]!.split(':')[0]}:`;
    const selectedRow = new RegExp(`❯ (?:● |  )[a-z]+ +${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    driven.transcript.mark();
    const shown = driven.transcript.next((text) => selectedRow.test(text), `the selection on ${title}`);
    const started = performance.now();
    driven.send(direction > 0 ? KEY.down : KEY.up);
    const elapsed = (await shown) - started;
    await sleep(KEY_GAP_MS);
    return new Measured(elapsed);
  };
}

/** Keypress (↓/↑ in a list of notifications) → the frame showing the new selection, SSH against local, on the same data. */
export async function benchSshKeypress(core: Core, port: number, titles: readonly string[], budgetMs: number): Promise<Comparison> {
  const overSsh = await sshDashboard(port);
  const local = localDashboard(core);
  try {
    await toNotifications(overSsh, 2);
    await toNotifications(local, 3);
    return await interleave({ subject: walker(overSsh, titles), baseline: walker(local, titles), warmup: 5, minPairs: 40, maxPairs: 300, budgetMs });
  } finally {
    await overSsh.close();
    await local.close();
  }
}

export interface SshMemoryResult {
  readonly sessions: number;
  /** Resident set with one session run and ended (code loaded), before the sessions, MiB. */
  readonly rssBeforeMiB: number;
  /** Resident set with every session signed in and on its home screen, MiB. */
  readonly rssAfterMiB: number;
  /** (after − before) / sessions, MiB. */
  readonly perSessionMiB: number;
  readonly peakRssMiB: number;
}

const kib = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);

/** Opens `count` sessions on a fresh server, each signed in as its own account, and reads the server's RSS (Linux /proc). */
export async function benchSshMemory(dataDir: string, count: number): Promise<SshMemoryResult> {
  const server = await startSshServer(dataDir);
  const opened: Driven[] = [];
  try {
    const status = () => readFile(`/proc/${server.child.pid}/status`, 'utf8');
    // One session first, so the code every session uses is loaded before the baseline.
    const warm = await sshDashboard(server.port);
    await toSignedIn(warm, 0);
    await warm.close();
    await sleep(1_000);
    const before = kib(await status(), 'VmRSS') / 1024;
    for (let index = 1; index <= count; index += 1) {
      const driven = await sshDashboard(server.port);
      opened.push(driven);
      await toSignedIn(driven, index).catch((error: unknown) => {
        throw new Error(`session ${index}: ${(error as Error).message}; the server said:\n${server.output().slice(-2000)}`);
      });
    }
    await sleep(2_000);
    const after = await status();
    const rssAfterMiB = kib(after, 'VmRSS') / 1024;
    return { sessions: count, rssBeforeMiB: before, rssAfterMiB, perSessionMiB: (rssAfterMiB - before) / count, peakRssMiB: kib(after, 'VmHWM') / 1024 };
  } finally {
    for (const driven of opened) await driven.close().catch(() => undefined);
    await server.stop();
  }
}

async function toSignedIn(driven: Driven, index: number): Promise<void> {
  await driven.transcript.next(signInFrame, 'the sign-in screen');
  driven.transcript.mark();
  driven.send(emailOf(index));
  await driven.transcript.next((text) => text.includes(emailOf(index)), 'the email');
  driven.transcript.mark();
  driven.send(KEY.tab);
  await driven.transcript.next((text) => text.includes('❯ Password'), 'the password field');
  driven.transcript.mark();
  driven.send(BENCH_PASSWORD);
  // Each step waits for its frame, as a person would see it: on a server busy with fifty
  // sign-ins, Enter sent with the rest could meet the form before the last characters did.
  await driven.transcript.next((text) => text.includes('•'.repeat(BENCH_PASSWORD.length)), 'the whole password');
  driven.transcript.mark();
  driven.send(KEY.enter);
  await driven.transcript.next((text) => text.includes('Your projects'), 'the home screen');
}

/**
 * The three SSH measurements on `dataDir` (seeded with accounts user0… and a few notifications
 * to everyone). Colour at 16 colours in this process too, as the SSH server draws, so both sides
 * write the same frames.
 */
/**
 * As a person sees it: from running the command in a terminal to the complete sign-in screen,
 * `ssh -tt -p PORT host` (OpenSSH) against `kbc-account --data DIR`, each in a pty of
 * COLUMNS×ROWS made by util-linux `script`, then Ctrl+C. The local command pays node's start,
 * loading the code and opening the store; the SSH one the client's start and the handshake.
 */
export async function benchCommandToFrame(dataDir: string, port: number, budgetMs: number): Promise<Comparison> {
  const run = async (command: string) => {
    const transcript = new Transcript();
    const started = performance.now();
    const child = spawn('script', ['-qfec', `stty cols ${COLUMNS} rows ${ROWS}; exec ${command}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdout!.on('data', (chunk: Buffer) => transcript.push(chunk.toString('utf8')));
    try {
      const at = await transcript.next(signInFrame, `the sign-in screen from ${command}`, 30_000);
      return new Measured(at - started);
    } finally {
      child.stdin!.write('\x03');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const ssh = `ssh -tt -p ${port} -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR 127.0.0.1`;
  const local = `${quote(process.execPath)} ${quote(BIN)} --data ${quote(dataDir)}`;
  return interleave({ subject: () => run(ssh), baseline: () => run(local), between: () => sleep(50), warmup: 1, minPairs: 8, maxPairs: 40, budgetMs });
}

export interface SshResult {
  /** Running `ssh` against running `kbc-account`, each to its sign-in screen. */
  readonly commandToFrame: Comparison;
  readonly firstFrame: Comparison;
  readonly keypress: Comparison;
  readonly memory: SshMemoryResult;
}

export async function benchSsh(core: Core, dataDir: string, options: { budgetMs: number; sessions: number; log: (line: string) => void }): Promise<SshResult> {
  const level = chalk.level;
  chalk.level = 1;
  const server = await startSshServer(dataDir);
  try {
    options.log('ssh: command → first frame (ssh against kbc-account)');
    const commandToFrame = await benchCommandToFrame(dataDir, server.port, options.budgetMs);
    options.log('ssh: connect → first frame');
    const firstFrame = await benchSshFirstFrame(core, server.port, options.budgetMs);
    options.log('ssh: keypress → frame');
    const titles = (await core.notifications.listForAccount(accountIdOf(2), { limit: 10, after: null })).items.map((item) => item.title);
    const keypress = await benchSshKeypress(core, server.port, titles, options.budgetMs);
    await server.stop();
    options.log(`ssh: memory with ${options.sessions} sessions`);
    const memory = await benchSshMemory(dataDir, options.sessions);
    return { commandToFrame, firstFrame, keypress, memory };
  } finally {
    chalk.level = level;
    await server.stop();
  }
}
