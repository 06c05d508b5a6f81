import { act } from 'react';
import { render } from 'ink-testing-library';
import { Dashboard } from '../../src/tui/index.tsx';
import type { Core } from '../../src/core/index.ts';
import type { DashboardFront, DemoCredentials } from '../../src/tui/index.tsx';
import type { Clipboard } from '../../src/tui/clipboard.ts';

// React warns about updates outside act() unless it knows it runs under a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const KEY = {
  enter: '\r',
  tab: '\t',
  shiftTab: '\x1b[Z',
  escape: '\x1b',
  backspace: '\x7f',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
} as const;

/** How long a test waits for a frame before failing, in milliseconds. */
const WAIT_MS = 5000;
/** Between looks at the frame, in milliseconds: short, the wait ends as soon as the frame matches. */
const POLL_MS = 5;

export interface Harness {
  frame(): string;
  /** Every frame written since the dashboard was mounted, oldest first (colours stripped). */
  frames(): string[];
  /** Sends keys or text; Esc needs a turn of the event loop before Ink reports it. */
  press(data: string): Promise<void>;
  /** Waits until the frame contains `text` (or matches it); returns the frame. */
  waitFor(text: string | RegExp): Promise<string>;
  /** Waits until `check` passes on the frame. */
  waitUntil(check: (frame: string) => boolean, what: string): Promise<string>;
  /** Changes the reported terminal size and emits 'resize'. */
  resize(columns: number, rows: number): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * Mounts the dashboard on `core` in a fake 120×40 terminal with fast live-data polling (25 ms;
 * a test that must see a change without any poll passes a long `pollIntervalMs`).
 */
export async function renderDashboard(
  core: Core,
  options: { demo?: DemoCredentials; columns?: number; rows?: number; pollIntervalMs?: number; clipboard?: Clipboard; front?: DashboardFront } = {},
): Promise<Harness> {
  let instance!: ReturnType<typeof render>;
  await act(async () => {
    instance = render(
      <Dashboard
        core={core}
        demo={options.demo ?? null}
        pollIntervalMs={options.pollIntervalMs ?? 25}
        {...(options.clipboard ? { clipboard: options.clipboard } : {})}
        {...(options.front ? { front: options.front } : {})}
      />,
    );
  });
  const stdout = instance.stdout as unknown as NodeJS.WriteStream & { rows?: number };
  const setSize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  };
  setSize(options.columns ?? 120, options.rows ?? 40);
  await act(async () => {
    stdout.emit('resize');
  });
  // Colours and styles are not what these tests check; without them text compares as text.
  const frame = () => stripAnsi(instance.lastFrame() ?? '');
  const harness: Harness = {
    frame,
    frames: () => instance.frames.map(stripAnsi),
    async press(data) {
      await act(async () => {
        instance.stdin.write(data);
        await new Promise((resolve) => setImmediate(resolve));
      });
    },
    async waitFor(text) {
      return harness.waitUntil((current) => (typeof text === 'string' ? current.includes(text) : text.test(current)), String(text));
    },
    async waitUntil(check, what) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const current = frame();
        if (check(current)) return current;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last frame:\n${current}`);
        await act(async () => {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        });
      }
    },
    async resize(columns, rows) {
      setSize(columns, rows);
      await act(async () => {
        stdout.emit('resize');
      });
    },
    async unmount() {
      await act(async () => {
        instance.unmount();
        instance.cleanup();
      });
    },
  };
  return harness;
}

/** Types `email` and `password` into the login screen and submits. */
export async function login(harness: Harness, email: string, password: string): Promise<void> {
  await harness.waitFor('Sign in to Keboola Connection');
  await harness.press(email);
  await harness.press(KEY.tab);
  await harness.press(password);
  await harness.press(KEY.enter);
}

const ANSI = /\x1b\[[0-9;:]*m/g;
const stripAnsi = (text: string): string => text.replace(ANSI, '');

/** The frame as one line of words: borders dropped and runs of space collapsed, so wrapped text matches. */
export const flat = (frame: string): string => frame.replace(/[│╭╮╰╯─┌┐└┘║═╔╗╚╝]/g, ' ').replace(/\s+/g, ' ');

/** Retries `check` (an assertion) until it passes, letting the dashboard's async work run in between. */
export async function eventually(check: () => Promise<void> | void): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      });
    }
  }
}
