import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Between two looks at the screen while waiting, in milliseconds. */
const LOOK_EVERY_MS = 50;

/** tmux's environment: the test's, less what would change how kbc-account runs or where its data is. */
function tmuxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const name of Object.keys(env)) {
    if (name === 'CI' || name === 'NODE_ENV' || name.startsWith('VITEST') || name.startsWith('KBC_ACCOUNT_')) delete env[name];
  }
  return env;
}

/** Fails (never skips) when tmux is missing: CI installs it. */
export function requireTmux(): void {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('tmux is not installed, but this test drives a real terminal with it (apt-get install tmux).');
}

/**
 * A shell in a terminal of its own tmux server (its own socket: other tmux users are not
 * disturbed), for typing into and reading as a person would. `kill()` ends it all.
 */
export function tmuxTerminal(columns = 100, rows = 30) {
  const socket = `kbc-cli-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: tmuxEnv(), cwd: REPO });
  tmux('new-session', '-d', '-s', 'cli', '-x', String(columns), '-y', String(rows), '-e', 'CI=false', 'bash --norc --noprofile');
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'cli');
  return {
    screen,
    /** Types `text` literally (no key names). */
    type: (text: string): void => void tmux('send-keys', '-t', 'cli', '-l', text),
    press: (key: string): void => void tmux('send-keys', '-t', 'cli', key),
    /** Makes the terminal `columns`×`rows`, as a person resizing the window would (SIGWINCH). */
    resize: (columns: number, rows: number): void => void tmux('resize-window', '-t', 'cli', '-x', String(columns), '-y', String(rows)),
    /** Looks at the screen until it matches; returns it. No fixed sleeps. */
    async waitFor(pattern: RegExp, timeoutMs = 40_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = screen();
        if (pattern.test(current)) return current;
        if (Date.now() > deadline) throw new Error(`The terminal never showed ${pattern} within ${timeoutMs} ms. Last screen:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
      }
    },
    kill: (): void => void spawnSync('tmux', ['-L', socket, 'kill-server']),
  };
}
