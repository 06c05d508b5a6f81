import { Writable } from 'node:stream';
import type { ServerChannel } from 'ssh2';
import type { Core } from '../core/index.ts';
import { startDashboard, type DashboardFront } from '../tui/index.tsx';
import { SessionInput, SessionOutput, SessionProcess, type RemoteTerminal } from './terminal.ts';
import type { SshLimits } from './limits.ts';

/** A dashboard running in one SSH session. */
export interface DashboardSession {
  /** The client's window changed size. */
  resize(columns: number, rows: number): void;
  /** Ends the dashboard (signing its session out), then says `reason` on the client's terminal. */
  hangUp(reason: string | null): void;
  /** Settles when the dashboard has ended and the channel is closed. */
  readonly done: Promise<void>;
}

export interface DashboardSessionOptions {
  readonly core: Core;
  readonly channel: ServerChannel;
  readonly terminal: RemoteTerminal;
  /** The client's address, for the session list and security activity ("ssh from 203.0.113.5"). */
  readonly address: string;
  readonly limits: SshLimits;
  /** The server's log: unexpected errors land here with the session's label, never on the client's screen. */
  readonly log: (line: string) => void;
  readonly label: string;
}

/** Input a session may send in one second, in bytes. */
export const MAX_INPUT_BYTES_PER_SECOND = 64 * 1024;

/** "30 minutes", or seconds below a minute. */
const idleTime = (ms: number): string => (ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`);

/** Lines written to it go to the server's log, each with the session's label. */
function logStream(log: (line: string) => void, label: string): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') log(`${label} ${line}`);
      done();
    },
  });
}

/**
 * Runs the dashboard on an SSH session's channel, as it runs on a local terminal, with its own
 * state, input, screen and stand-in process. It ends on quit (q, Ctrl+C), on a hang-up (the
 * client went away), after `limits.idleMs` without a key, and after `limits.maxSignInAttempts`
 * failed sign-in steps; the exit status is sent on the channel (0, 130 after Ctrl+C, 129 after a
 * hang-up, 1 after a failure) and the channel is closed.
 */
export function runDashboardSession(options: DashboardSessionOptions): DashboardSession {
  const { channel, limits, log, label } = options;
  const input = new SessionInput();
  const output = new SessionOutput(channel, options.terminal);
  const hangUpSignal = new AbortController();
  let reason: string | null = null;
  let failedSignIns = 0;

  const hangUp = (why: string | null) => {
    if (hangUpSignal.signal.aborted) return;
    reason = why;
    hangUpSignal.abort();
  };

  let idle: NodeJS.Timeout | null = null;
  const stillHere = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => hangUp(`disconnected after ${idleTime(limits.idleMs)} without a key pressed.`), limits.idleMs);
  };
  stillHere();
  // Keys are read one at a time (KeyByKeyInput), so input is queued until the dashboard took it:
  // a client pouring in megabytes would fill the server's memory. Nobody types, or pastes into a
  // form, more than this in a second.
  let windowStart = 0;
  let windowBytes = 0;
  channel.on('data', (data: Buffer) => {
    const now = Date.now();
    if (now - windowStart >= 1_000) {
      windowStart = now;
      windowBytes = 0;
    }
    windowBytes += data.length;
    if (windowBytes > MAX_INPUT_BYTES_PER_SECOND) return hangUp(`disconnected: more input than a terminal sends (over ${MAX_INPUT_BYTES_PER_SECOND / 1024} KiB in a second).`);
    stillHere();
    input.write(data);
  });
  // The client closed the channel or the connection: the dashboard ends as on a quit.
  channel.on('close', () => hangUp(null));
  channel.on('end', () => hangUp(null));

  const front: DashboardFront = {
    via: 'ssh',
    from: `ssh from ${options.address}`,
    onSignInFailed: () => {
      failedSignIns += 1;
      if (failedSignIns >= limits.maxSignInAttempts) hangUp(`disconnected after ${failedSignIns} failed sign-in attempts on this connection.`);
    },
  };

  // A crash of this dashboard (startDashboard's stand-in for process.exit) ends this session only.
  const proc = new SessionProcess(() => hangUp('the dashboard stopped after an unexpected error.'));

  const done = startDashboard({
    core: options.core,
    stdin: input as unknown as NodeJS.ReadStream,
    stdout: output as unknown as NodeJS.WriteStream,
    stderr: logStream(log, label) as unknown as NodeJS.WriteStream,
    process: proc,
    front,
    hangUp: hangUpSignal.signal,
    // What the client's terminal is (its pty request), not the server's: a copy (OSC 52) goes there.
    term: options.terminal.term,
  })
    .catch((error: unknown) => {
      log(`${label} the dashboard failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    })
    .then((code) => {
      if (idle) clearTimeout(idle);
      input.end();
      if (channel.writable) {
        if (reason) channel.stderr.write(`kbc-account: ${reason}\r\n`);
        channel.exit(code);
        channel.end();
      }
    });

  return {
    resize: (columns, rows) => output.resize(columns, rows),
    hangUp,
    done,
  };
}
