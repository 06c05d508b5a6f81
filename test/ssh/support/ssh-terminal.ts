import xterm from '@xterm/headless';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { fingerprintOf } from '../../../src/ssh/index.ts';

/** Between two looks at the screen while waiting, in milliseconds. */
const LOOK_EVERY_MS = 25;
/** Most screens appear within a second; argon2 logins take longer on a busy machine. */
export const STEP_TIMEOUT_MS = 15_000;

export interface TerminalOptions {
  readonly columns?: number;
  readonly rows?: number;
  readonly term?: string;
  /** Environment variables the client asks the server to set (OpenSSH's SendEnv). */
  readonly env?: Record<string, string>;
}

const KEYS = { Enter: '\r', Tab: '\t', Escape: '\x1b', Down: '\x1b[B', Up: '\x1b[A', 'C-c': '\x03', 'C-u': '\x15' } as const;

const exitCodes = new WeakMap<ClientChannel, number | null>();

/**
 * Records the channel's exit status, from the moment it is open: ssh2 emits 'exit' as a plain
 * event, in the same turn as the channel's open when both came in one TCP segment, so a listener
 * added after an `await` could miss it.
 */
export function watchExit(channel: ClientChannel): ClientChannel {
  channel.on('exit', (status: number | null) => exitCodes.set(channel, status));
  return channel;
}

/** The exit status the channel got, once it closed. */
export const exitCodeOf = (channel: ClientChannel): number | null => exitCodes.get(channel) ?? null;

/** Connects with ssh2's client, as any SSH client does (`none` authentication); resolves to the client and the server key's fingerprint. */
export function connect(port: number, extra: Partial<ConnectConfig> = {}): Promise<{ client: Client; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let fingerprint = '';
    client.once('ready', () => resolve({ client, fingerprint }));
    client.once('error', reject);
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'someone',
      hostVerifier: (key: Buffer) => {
        fingerprint = fingerprintOf(key);
        return true;
      },
      readyTimeout: 20_000,
      ...extra,
    });
  });
}

/**
 * A person at a terminal connected over SSH: the server's output goes through a headless xterm
 * (the terminal emulator of VS Code), so `screen()` is what they would see.
 */
export class SshTerminal {
  private readonly terminal: xterm.Terminal;
  private pending = Promise.resolve();
  /** Everything the server sent on the channel, raw. */
  raw = '';
  /** Standard error of the channel (messages the server says after the dashboard ended). */
  stderr = '';
  /** The exit status, once the server sent it. */
  readonly exited: Promise<number | null>;

  private constructor(
    readonly client: Client,
    readonly channel: ClientChannel,
    columns: number,
    rows: number,
  ) {
    this.terminal = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
    channel.on('data', (data: Buffer) => {
      const text = data.toString('utf8');
      this.raw += text;
      this.pending = this.pending.then(() => new Promise<void>((resolve) => this.terminal.write(text, resolve)));
    });
    channel.stderr.on('data', (data: Buffer) => (this.stderr += data.toString('utf8')));
    this.exited = new Promise((resolve) => channel.on('close', () => resolve(exitCodes.get(channel) ?? null)));
  }

  /** Connects and opens a shell with a pty, as `ssh -t host` does. */
  static async open(port: number, options: TerminalOptions = {}): Promise<SshTerminal> {
    const columns = options.columns ?? 100;
    const rows = options.rows ?? 32;
    const { client } = await connect(port);
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: options.term ?? 'xterm-256color', cols: columns, rows }, { env: options.env ?? {} }, (error, stream) => (error ? reject(error) : resolve(watchExit(stream)))),
    );
    return new SshTerminal(client, channel, columns, rows);
  }

  /** The screen as text, one line a row. */
  async screen(): Promise<string> {
    await this.pending;
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.terminal.rows; row += 1) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  /** Looks at the screen until it shows `text`; returns that screen. No fixed sleeps. */
  async shows(text: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.screen();
      if (typeof text === 'string' ? current.includes(text) : text.test(current)) return current;
      if (Date.now() > deadline) throw new Error(`The screen never showed ${String(text)} within ${timeoutMs} ms. Last screen:\n${current}`);
      await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
    }
  }

  type(text: string): void {
    this.channel.write(text);
  }

  press(key: keyof typeof KEYS): void {
    this.channel.write(KEYS[key]);
  }

  /** The window changed size (an SSH window-change request). */
  resize(columns: number, rows: number): void {
    this.terminal.resize(columns, rows);
    this.channel.setWindow(rows, columns, 0, 0);
  }

  /** Whether the terminal is on its alternate screen (the dashboard switched to it and has not left). */
  async onAlternateScreen(): Promise<boolean> {
    await this.pending;
    return this.terminal.buffer.active.type === 'alternate';
  }

  /** Drops the connection without a word, as a closed laptop lid or a lost network does. */
  drop(): void {
    this.client.destroy();
  }

  close(): void {
    this.client.end();
  }
}
