import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * A real terminal for end-to-end tests: a shell in tmux, typed into and read as a person would
 * (send-keys, capture-pane). Each terminal has its own tmux server (its own socket), so other tmux
 * users on the machine are not disturbed, and `kill()` ends the server with whatever still runs
 * in it (a dashboard left running by a failed step) and removes its socket file.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Between two looks at the screen while waiting, in milliseconds. */
const LOOK_EVERY_MS = 50;
/** Most screens appear within a second; argon2 logins take longer on a busy machine. */
export const STEP_TIMEOUT_MS = 15_000;
/** Starting node (and, when dist/ is stale, compiling the sources through tsx) on a machine busy with the other suites. */
export const START_TIMEOUT_MS = 40_000;

/**
 * tmux's environment: the test's, less what would change how kbc-account runs, draws or where its
 * data is (CI makes Ink draw only the last frame; NO_COLOR and FORCE_COLOR decide colour).
 */
function tmuxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const name of Object.keys(env)) {
    if (['CI', 'NO_COLOR', 'FORCE_COLOR', 'NODE_ENV'].includes(name) || name.startsWith('VITEST') || name.startsWith('KBC_ACCOUNT_')) delete env[name];
  }
  return env;
}

/** Fails (never skips) when `program` is missing: .ci/run installs what the end-to-end tests need. */
export function requireProgram(program: string, args: readonly string[], debianPackage: string): void {
  const probe = spawnSync(program, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${program} is not installed, but this test needs it to drive a real terminal (Debian/Ubuntu: apt-get install ${debianPackage}); .ci/run installs it in CI.`);
  }
}

export const requireTmux = (): void => requireProgram('tmux', ['-V'], 'tmux');

/** `value` as one word for sh or bash, whatever it holds. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export interface TmuxTerminalOptions {
  /** @default 100 */
  readonly columns?: number;
  /** @default 30 */
  readonly rows?: number;
  /** The program the pane runs. @default 'sh' */
  readonly shell?: string;
  /** Variables set in the session only (`new-session -e`), on top of the cleaned environment. */
  readonly sessionEnv?: Readonly<Record<string, string>>;
  /** How long `waitFor` looks before failing, in milliseconds. @default STEP_TIMEOUT_MS */
  readonly stepTimeoutMs?: number;
}

export interface TmuxTerminal {
  /** The session's name, for tmux commands that take a target (`-t`). */
  readonly session: string;
  /** Runs a tmux command on this terminal's server; returns what it printed. */
  tmux(...args: string[]): string;
  /** The screen as text, one line a row. */
  screen(): string;
  /** Types `text` literally (no key names). */
  type(text: string): void;
  /** Presses a key by tmux's name for it (Enter, Tab, Escape, Down, C-c, BSpace…). */
  press(key: string): void;
  /** Makes the terminal `columns`×`rows`, as a person resizing the window would (SIGWINCH). */
  resize(columns: number, rows: number): void;
  /**
   * Looks at the screen until it shows `what` (text, a pattern, or a test of the whole screen);
   * returns that screen. No fixed sleeps.
   */
  waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number, description?: string): Promise<string>;
  /** Whether the pane is on its alternate screen. */
  alternateOn(): boolean;
  /** Ends the tmux server and all that runs in it, and removes its socket file. Safe to call twice. */
  kill(): void;
}

/** A shell in a terminal of its own tmux server, in the repository's directory. */
export function tmuxTerminal(options: TmuxTerminalOptions = {}): TmuxTerminal {
  const socket = `kbc-test-${randomBytes(4).toString('hex')}`;
  const session = 'term';
  const env = tmuxEnv();
  const stepTimeoutMs = options.stepTimeoutMs ?? STEP_TIMEOUT_MS;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env, cwd: REPO });
  const sessionEnv = Object.entries(options.sessionEnv ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  tmux('new-session', '-d', '-s', session, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), '-c', REPO, ...sessionEnv, options.shell ?? 'sh');
  const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
  const screen = (): string => tmux('capture-pane', '-p', '-t', session);
  let killed = false;
  return {
    session,
    tmux,
    screen,
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    press: (key) => void tmux('send-keys', '-t', session, key),
    resize: (columns, rows) => void tmux('resize-window', '-t', session, '-x', String(columns), '-y', String(rows)),
    async waitFor(what, timeoutMs = stepTimeoutMs, description = String(what)) {
      const matches = typeof what === 'string' ? (text: string) => text.includes(what) : typeof what === 'function' ? what : (text: string) => what.test(text);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = screen();
        if (matches(current)) return current;
        if (Date.now() > deadline) throw new Error(`The screen never showed ${description} within ${timeoutMs} ms. Last screen:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
      }
    },
    alternateOn: () => tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim() === '1',
    kill() {
      if (killed) return;
      killed = true;
      spawnSync('tmux', ['-L', socket, 'kill-server'], { env });
      rmSync(socketPath, { force: true });
    },
  };
}
