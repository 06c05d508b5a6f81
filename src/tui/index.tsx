import { render } from 'ink';
import type { Core } from '../core/index.ts';
import { Dashboard } from './dashboard.tsx';
import { KeyByKeyInput } from './key-by-key-input.ts';
import { supportsHyperlinks } from './terminal-features.ts';
import type { DemoCredentials } from './demo.ts';
import type { DashboardFront } from './front.ts';
import type { QuitKind } from './app.tsx';

export { Dashboard, type DashboardProps } from './dashboard.tsx';
export type { DemoCredentials } from './demo.ts';
export { LOCAL_FRONT, type DashboardFront } from './front.ts';
export { MIN_COLUMNS, MIN_ROWS } from './app.tsx';
export { applyColourLevel, colourLevel } from './colour.ts';

/**
 * Switches to the terminal's alternate screen (what full-screen programs use) and asks it to mark
 * pastes (bracketed paste), so a paste reaches the focused field as text, never as keys.
 */
export const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[?2004h';
/** Stops marking pastes, shows the cursor again and returns to the normal screen, with the shell's scrollback intact. */
export const LEAVE_ALTERNATE_SCREEN = '\x1b[?2004l\x1b[?25h\x1b[?1049l';

export const NOT_A_TERMINAL =
  'kbc-account: the dashboard needs an interactive terminal (stdin and stdout must be a TTY); for scripts use `kbc-account admin …`.';

export interface StartDashboardOptions {
  readonly core: Core;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  /** Demo login shown on the login screen; null on real data. */
  readonly demo?: DemoCredentials | null;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Ink's debug mode writes every frame in full; for tests. @default false */
  readonly debug?: boolean;
  /**
   * Whose exit and crash events restore the terminal, and which exit a crash calls. @default
   * process. The SSH server gives each session its own, so one session's crash ends that session,
   * not the server with everyone else's.
   */
  readonly process?: DashboardProcess;
  /** Through which front end and from where. @default the local terminal */
  readonly front?: DashboardFront;
  /** Aborted when the terminal went away (an SSH client disconnected): signs out and ends, status 129. */
  readonly hangUp?: AbortSignal;
  /** The terminal type, for what the terminal can do (OSC 52 copy). @default process.env.TERM; over SSH the client's */
  readonly term?: string;
}

/** The part of a process the dashboard uses: its exit and crash events, and exit. */
export interface DashboardProcess {
  on(event: 'exit' | 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  off(event: 'exit' | 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

const oneLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The exit status after Ctrl+C (128 + SIGINT) and after a hang-up (128 + SIGHUP), as shells report them. */
const EXIT_STATUS: Record<QuitKind, number> = { quit: 0, interrupt: 130, hangup: 129 };

/**
 * Gives the terminal back as it was (normal screen, cursor, cooked mode), stops this process as
 * the shell's Ctrl+Z would (SIGTSTP), and once continued (`fg`, SIGCONT) takes the terminal again:
 * raw mode, the alternate screen with the cursor at its top, where the dashboard draws afresh.
 */
async function suspendToShell(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Promise<void> {
  const resumed = new Promise<void>((resolve) => process.once('SIGCONT', () => resolve()));
  stdout.write(LEAVE_ALTERNATE_SCREEN);
  stdin.setRawMode(false);
  process.kill(process.pid, 'SIGTSTP');
  await resumed;
  stdin.setRawMode(true);
  // The cursor is hidden again too: Ink hides it once, on its first frame.
  stdout.write(`${ENTER_ALTERNATE_SCREEN}\x1b[?25l\x1b[H`);
}

/**
 * Runs the dashboard until the user quits; resolves to the exit code (0 quit, 1 refused or
 * crashed). The alternate screen is left on quit, Ctrl+C, a signal and a crash alike, and
 * unexpected errors are printed to stderr only after the normal screen is back.
 */
export async function startDashboard(options: StartDashboardOptions): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const proc: DashboardProcess = options.process ?? (process as DashboardProcess);
  // Ink needs raw mode to read keys; without a TTY it would throw "Raw mode is not supported".
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(`${NOT_A_TERMINAL}\n`);
    return 1;
  }

  const logged: string[] = [];
  const logError = (error: unknown, doing: string) => {
    logged.push(`kbc-account: unexpected error while ${doing}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  };
  const onCrash = (error: unknown) => {
    restore();
    stderr.write(`kbc-account: unexpected failure: ${oneLine(error)}\n`);
    proc.exit(1);
  };
  proc.on('exit', restore);
  proc.on('uncaughtException', onCrash);
  proc.on('unhandledRejection', onCrash);

  stdout.write(ENTER_ALTERNATE_SCREEN);
  // Ctrl+Z: only where a shell started this process in a terminal of its own. Over SSH (a
  // process given) the dashboard runs inside the server: stopping it would stop every session.
  const suspend = options.process === undefined && process.platform !== 'win32' ? () => suspendToShell(stdin, stdout) : undefined;
  try {
    let left: QuitKind = 'quit';
    const onQuit = (how: QuitKind) => {
      left = how;
    };
    const dashboard = (
      <Dashboard
        core={options.core}
        demo={options.demo ?? null}
        pollIntervalMs={options.pollIntervalMs}
        logError={logError}
        onQuit={onQuit}
        front={options.front}
        hangUp={options.hangUp}
        term={options.term ?? process.env['TERM']}
        {...(suspend ? { suspend } : {})}
        // Over SSH only the client's TERM is known; locally the whole environment says.
        hyperlinks={supportsHyperlinks(options.term === undefined ? process.env : { TERM: options.term })}
      />
    );
    const instance = render(dashboard, {
      stdin: new KeyByKeyInput(stdin) as unknown as NodeJS.ReadStream,
      stdout,
      stderr,
      // Ctrl+C goes through the dashboard's own quit (app.tsx), which signs the session out first.
      exitOnCtrlC: false,
      patchConsole: false,
      debug: options.debug ?? false,
    });
    await instance.waitUntilExit();
    // Ctrl+C ends with 130 (128 + SIGINT), as shells and other programs report an interrupt.
    return EXIT_STATUS[left];
  } catch (error) {
    logged.push(`kbc-account: the dashboard stopped: ${oneLine(error)}`);
    return 1;
  } finally {
    restore();
    proc.off('exit', restore);
    proc.off('uncaughtException', onCrash);
    proc.off('unhandledRejection', onCrash);
    for (const line of logged) stderr.write(`${line}\n`);
  }
}
