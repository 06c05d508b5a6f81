import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { Box, render, Text, type Instance } from 'ink';
import type { Core } from '../src/core/core.ts';
import { Dashboard } from '../src/tui/index.tsx';
import { BENCH_PASSWORD, emailOf } from './seed.ts';
import { sleep } from './bench-core.ts';
import { interleave, Measured, type Comparison } from './stats.ts';

const LOGIN_TITLE = 'Sign in to Keboola Connection';
/** No polling during the bench: only keypresses change the screen. */
const NO_POLLING_MS = 600_000;
/** Longer than Ink's render throttle (30 fps → 34 ms), so every keypress renders on the leading edge. */
const KEY_GAP_MS = 40;
const KEY = { enter: '\r', tab: '\t', down: '\x1b[B', up: '\x1b[A' } as const;
const ANSI = /\x1b\[[0-9;:?]*[A-Za-z]/g;

/** A terminal of 120×40 that timestamps every write and lets the bench wait for a frame. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  last = '';
  private waiter: { check: (frame: string) => boolean; resolve: (at: number) => void } | null = null;

  write = (data: string): boolean => {
    const at = performance.now();
    const frame = data.replace(ANSI, '');
    if (frame.trim() !== '') this.last = frame;
    if (this.waiter?.check(frame)) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(at);
    }
    return true;
  };

  /** The time (performance.now) of the first write from now on that passes `check`. */
  next(check: (frame: string) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame with ${what} within ${timeoutMs} ms; last frame:\n${this.last}`)), timeoutMs);
      this.waiter = { check, resolve: (at) => (clearTimeout(timer), resolve(at)) };
    });
  }

  /** Waits for `text` unless the last frame already shows it. */
  async until(text: string): Promise<void> {
    if (this.last.includes(text)) return;
    await this.next((frame) => frame.includes(text), JSON.stringify(text));
  }
}

/** Keyboard input as Ink reads it (the shape ink-testing-library uses). */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

interface Mounted {
  readonly stdout: FakeStdout;
  readonly stdin: FakeStdin;
  readonly instance: Instance;
}

function mount(tree: ReactElement, stdout = new FakeStdout()): Mounted {
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    debug: false,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { stdout, stdin, instance };
}

function unmount(mounted: Mounted): void {
  mounted.instance.unmount();
  mounted.instance.cleanup();
}

/** render() → the first write showing the login title: the dashboard against an Ink app that only prints that title. */
export async function benchFirstFrame(core: Core, budgetMs: number): Promise<Comparison> {
  const firstFrame = async (tree: () => ReactElement) => {
    const stdout = new FakeStdout();
    const shown = stdout.next((frame) => frame.includes(LOGIN_TITLE), 'the login title');
    const started = performance.now();
    const mounted = mount(tree(), stdout);
    const at = await shown;
    unmount(mounted);
    return new Measured(at - started);
  };
  return interleave({
    subject: () => firstFrame(() => <Dashboard core={core} pollIntervalMs={NO_POLLING_MS} />),
    baseline: () =>
      firstFrame(() => (
        <Box flexDirection="column" borderStyle="round">
          <Text bold>{LOGIN_TITLE}</Text>
        </Box>
      )),
    between: () => sleep(5),
    warmup: 5,
    minPairs: 30,
    maxPairs: 200,
    budgetMs,
  });
}

/** Logs in through the login screen and opens Account Settings › Notifications with the keyboard in the list. */
async function openNotifications(core: Core, accountIndex: number): Promise<Mounted> {
  const mounted = mount(<Dashboard core={core} pollIntervalMs={NO_POLLING_MS} />);
  const { stdout, stdin } = mounted;
  const press = async (data: string) => {
    stdin.write(data);
    await sleep(KEY_GAP_MS);
  };
  // Each step waits for its frame: without React's act() a key sent before the previous one
  // rendered can reach a stale handler (a Tab right after the email was lost).
  await stdout.until(LOGIN_TITLE);
  await press(emailOf(accountIndex));
  await stdout.until(emailOf(accountIndex));
  await press(KEY.tab);
  await stdout.until('❯ Password');
  await press(BENCH_PASSWORD);
  await sleep(100);
  await press(KEY.enter);
  await stdout.until('Your projects');
  await press('n');
  await stdout.until('Enter/→ open');
  await press(KEY.enter);
  await stdout.until('Esc sections');
  return mounted;
}

/** One list the bench moves through: ping-pongs between the first and the last reachable row. */
function cursor(core: Core, accountId: string, total: number, reach: number) {
  let position = 0;
  let direction = 1;
  const last = Math.min(total, reach) - 1;
  return {
    /** The key to press and the title the selected row must then show. */
    async next(): Promise<{ key: string; title: string }> {
      if (position + direction > last || position + direction < 0) direction = -direction;
      position += direction;
      const page = await core.notifications.listForAccount(accountId, { offset: position, limit: 1 });
      return { key: direction > 0 ? KEY.down : KEY.up, title: `${page.items[0]!.title.split(':')[0]}:` };
    },
  };
}

/**
 * Keypress (↓/↑) → the first frame whose selected row shows the next notification, on a list of
 * `longTotal` notifications against one of `shortTotal`, both dashboards mounted and pressed
 * alternately. The long list walks down its first `reach` rows and back, crossing page loads.
 */
export async function benchKeypress(
  long: { core: Core; accountId: string; accountIndex: number; total: number },
  short: { core: Core; accountId: string; accountIndex: number; total: number },
  options: { reach: number; budgetMs: number },
): Promise<Comparison> {
  const longUi = await openNotifications(long.core, long.accountIndex);
  const shortUi = await openNotifications(short.core, short.accountIndex);
  const longCursor = cursor(long.core, long.accountId, long.total, options.reach);
  const shortCursor = cursor(short.core, short.accountId, short.total, options.reach);
  const step = async (ui: Mounted, move: { next(): Promise<{ key: string; title: string }> }) => {
    const { key, title } = await move.next();
    const shown = ui.stdout.next((frame) => frame.split('\n').some((line) => line.includes('❯') && line.includes(title)), `the selection on ${title}`);
    const started = performance.now();
    ui.stdin.write(key);
    const elapsed = (await shown) - started;
    await sleep(KEY_GAP_MS);
    return new Measured(elapsed);
  };
  try {
    return await interleave({
      subject: () => step(longUi, longCursor),
      baseline: () => step(shortUi, shortCursor),
      warmup: 5,
      minPairs: 40,
      maxPairs: 300,
      budgetMs: options.budgetMs,
    });
  } finally {
    unmount(longUi);
    unmount(shortUi);
  }
}
