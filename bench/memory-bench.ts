import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BENCH_TEAM_ID, slackUserIdOf } from './seed.ts';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, FakeSlack, signedCommand } from './fake-slack.ts';

const BIN = fileURLToPath(new URL('../bin/kbc-account.js', import.meta.url));
const COMMANDS = ['status', 'help', 'notifications', 'invitations', 'tokens', 'status'];

export interface MemoryResult {
  /** Peak resident set (VmHWM), MiB. */
  readonly peakRssMiB: number;
  /** Resident set after the commands (VmRSS), MiB. */
  readonly rssMiB: number;
  /** Spawn → "listening" (ms): start-up incl. reading and validating the store. */
  readonly startMs: number;
  readonly commands: number;
}

const kib = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);

/** Where a bench Slack process keeps its data: `--data DIR`, or the environment naming a database. */
export interface SlackTarget {
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface SlackProcess {
  readonly child: ChildProcess;
  /** Its request URL. */
  readonly url: string;
  /** Spawn → "listening" (ms). */
  readonly startMs: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Starts `kbc-account ARGS slack` against the fake Slack and waits until it listens. */
export async function startSlackProcess(target: SlackTarget, fake: FakeSlack): Promise<SlackProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...target.args, 'slack'], {
    env: { ...(target.env ?? process.env), SLACK_BOT_TOKEN: BENCH_BOT_TOKEN, SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
      });
      child.once('exit', (code) => reject(new Error(`the Slack process exited (${code}) before listening: ${stderr.slice(0, 500)}`)));
    });
    return { child, url, startMs: performance.now() - started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs `node bin/kbc-account.js ARGS slack` against a local fake Slack, sends a few signed
 * commands by a linked user, waits for their replies and reads the process's peak RSS from
 * /proc/<pid>/status (Linux).
 */
export async function benchSlackMemory(target: SlackTarget): Promise<MemoryResult> {
  const fake = await FakeSlack.start();
  try {
    const { child, url, startMs, stop } = await startSlackProcess(target, fake);
    try {
      const user = { teamId: BENCH_TEAM_ID, userId: slackUserIdOf(0) };
      for (const [index, text] of COMMANDS.entries()) {
        const { body, headers } = signedCommand(fake, user, text);
        const response = await fetch(url, { method: 'POST', headers, body });
        await response.text();
        // Modal commands open a view instead of replying; give every command its work time.
        if (text === 'status' || text === 'help') await fake.waitForResponses(COMMANDS.slice(0, index + 1).filter((t) => t === 'status' || t === 'help').length);
        else await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return { peakRssMiB: kib(status, 'VmHWM') / 1024, rssMiB: kib(status, 'VmRSS') / 1024, startMs, commands: COMMANDS.length };
    } finally {
      await stop();
    }
  } finally {
    await fake.close();
  }
}
