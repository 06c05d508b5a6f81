import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { Box, render, Text, type Instance } from 'ink';
import type { Core } from '../src/core/core.ts';
import { PAGE_LIMIT_MAX } from '../src/core/store/store.ts';
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
  static readonly COLUMNS = 120;
  static readonly ROWS = 40;
  readonly isTTY = true;
  readonly columns = FakeStdout.COLUMNS;
  readonly rows = FakeStdout.ROWS;
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

/** The footer of the sign-in form, as the dashboard shows it. */
const SIGN_IN_HINTS = [
  ['Tab/↑↓', 'next field'],
  ['Enter', 'sign in'],
  ['Ctrl+C', 'quit'],
] as const;

/** A field row of the sign-in form: label column, then the value cell (a block cursor when focused). */
function StaticField({ label, focused }: { readonly label: string; readonly focused: boolean }) {
  return (
    <Box>
      <Box width={14} flexShrink={0}>
        <Text color={focused ? 'cyan' : undefined} bold={focused}>
          {focused ? '❯ ' : '  '}
          {label}
        </Text>
      </Box>
      <Box width={54} flexShrink={0}>
        <Text underline={!focused} color={focused ? 'white' : undefined}>
          {focused ? <Text inverse> </Text> : <Text color="gray"> </Text>}
        </Text>
      </Box>
    </Box>
  );
}

/**
 * The bare-Ink baseline of the first frame: the dashboard's first screen (title bar, breadcrumb,
 * sign-in box with both fields, key hints in the bottom row of a 120×39 frame) written as one
 * static Ink tree — no state, no effects, no context, no core, no clipping (static text cannot
 * overflow). A bare app that only printed the title in a small box would draw a 3-row frame and
 * time Ink's start-up, not what the user waits for; `benchFirstFrame` checks that this draws
 * exactly the dashboard's first frame, so the two can never drift apart unnoticed.
 */
export function BareLoginScreen({ columns, rows }: { readonly columns: number; readonly rows: number }) {
  return (
    <Box width={columns} height={rows - 1} flexDirection="column">
      <Box backgroundColor="blue" paddingX={1}>
        <Text color="white" bold>
          ◆ Keboola Connection · Account
        </Text>
      </Box>
      <Box paddingX={1}>
        <Text color="gray">Sign in</Text>
      </Box>
      <Box flexGrow={1} flexDirection="column" alignItems="center" paddingTop={1}>
        <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={2} paddingY={1} width={76}>
          <Text bold>{LOGIN_TITLE}</Text>
          <Text> </Text>
          <StaticField label="Email" focused />
          <StaticField label="Password" focused={false} />
          <Text> </Text>
        </Box>
      </Box>
      <Box paddingX={1}>
        <Text>
          {SIGN_IN_HINTS.map(([key, label], index) => (
            <Text key={key}>
              {index > 0 ? '  ' : ''}
              <Text color="cyan" bold>
                {key}
              </Text>
              <Text color="gray"> {label}</Text>
            </Text>
          ))}
        </Text>
      </Box>
    </Box>
  );
}

/** The text (ANSI stripped) of the first frame that `tree` writes. */
async function firstFrameText(tree: ReactElement): Promise<string> {
  const stdout = new FakeStdout();
  const written = stdout.next((frame) => frame.trim() !== '', 'any text');
  const mounted = mount(tree, stdout);
  await written;
  unmount(mounted);
  return stdout.last;
}

/** Throws unless `tree` comes to draw exactly `screen` (ANSI stripped) within two seconds. */
async function assertDraws(tree: ReactElement, screen: string): Promise<void> {
  const stdout = new FakeStdout();
  const drawn = stdout.next((frame) => frame === screen, "the bare baseline's screen", 2_000);
  const mounted = mount(tree, stdout);
  try {
    await drawn;
  } catch {
    throw new Error(`the dashboard's first screen is not the one the bare Ink baseline draws; update BareLoginScreen in bench/tui-bench.tsx.\ndashboard:\n${stdout.last}\nbaseline:\n${screen}`);
  } finally {
    unmount(mounted);
  }
}

/**
 * render() → the first write of the complete first screen (title bar, sign-in box with both fields,
 * key hints: a frame the user can act on), the dashboard against a bare Ink app drawing the same
 * screen. Not timed, for both: loading the modules, and (for the dashboard) opening the core,
 * which the CLI does before it renders.
 */
export async function benchFirstFrame(core: Core, budgetMs: number): Promise<Comparison> {
  const dashboard = () => <Dashboard core={core} pollIntervalMs={NO_POLLING_MS} />;
  const bare = () => <BareLoginScreen columns={FakeStdout.COLUMNS} rows={FakeStdout.ROWS} />;
  const screen = await firstFrameText(bare());
  await assertDraws(dashboard(), screen);
  const firstFrame = async (tree: () => ReactElement) => {
    const stdout = new FakeStdout();
    const complete = stdout.next((frame) => frame === screen, 'the whole first screen');
    const started = performance.now();
    const mounted = mount(tree(), stdout);
    const at = await complete;
    unmount(mounted);
    return new Measured(at - started);
  };
  return interleave({
    subject: () => firstFrame(dashboard),
    baseline: () => firstFrame(bare),
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
  /** The titles of the reachable rows in the list's order, read page by page on first use (not timed). */
  let titles: Promise<string[]> | null = null;
  const readTitles = async () => {
    const read: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<Core['notifications']['listForAccount']>> = await core.notifications.listForAccount(accountId, { limit: Math.min(PAGE_LIMIT_MAX, last + 1 - read.length), after });
      read.push(...page.items.map((notification) => notification.title));
      after = page.next;
    } while (after !== null && read.length <= last);
    return read;
  };
  return {
    /** The key to press and the title the selected row must then show. */
    async next(): Promise<{ key: string; title: string }> {
      if (position + direction > last || position + direction < 0) direction = -direction;
      position += direction;
      const title = (await (titles ??= readTitles()))[position]!;
      return { key: direction > 0 ? KEY.down : KEY.up, title: `${title.split(':')[0]}:` };
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
    // The list's marker on the row itself ("❯ ● announcement  Notice 7:"), not the settings menu's
    // "❯ 4 Notifications", which shares a line with the list's first visible row.
    const selectedRow = new RegExp(`❯ (?:● |  )[a-z]+ +${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    const shown = ui.stdout.next((frame) => selectedRow.test(frame), `the selection on ${title}`);
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
