import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';

/** What a terminal on the other end of an SSH session told us in its pty request. */
export interface RemoteTerminal {
  readonly columns: number;
  readonly rows: number;
  /** TERM on the client, e.g. xterm-256color. */
  readonly term: string;
  /** False for TERM=dumb or when the client sent NO_COLOR (OpenSSH: `-o SendEnv=NO_COLOR`). */
  readonly colour: boolean;
}

/** Something an SSH channel writes to: the part of ssh2's channel the terminal uses. */
export interface ChannelSink {
  readonly writable: boolean;
  write(data: string): unknown;
}

/**
 * The session's keyboard as Ink reads a terminal: a readable stream that says it is a TTY. Raw
 * mode is the client's business: an SSH client puts its own terminal in raw mode when it asks for
 * a pty, so every key arrives as typed (Enter as \r, Ctrl+C as \x03) and nothing is to switch here.
 */
export class SessionInput extends PassThrough {
  readonly isTTY = true;
  setRawMode(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** SGR parameters that set a colour: foreground, background, bright, 256-colour and RGB. */
const isColourParameter = (code: number): boolean => (code >= 30 && code <= 49) || (code >= 90 && code <= 107);

/** The QR code's black on white (QrCode.tsx): kept without colour too, so phone cameras read it, as on a local terminal. */
const QR_COLOURS = '30;47';

/** An SGR sequence without its colour parameters (bold, inverse, underline stay); '' when nothing is left. */
export function withoutColour(sequence: string, parameters: string): string {
  if (parameters === QR_COLOURS || parameters === '' || parameters === '0') return sequence;
  const kept: string[] = [];
  const codes = parameters.split(';');
  for (let index = 0; index < codes.length; index += 1) {
    const code = Number(codes[index]);
    // 38;5;n and 38;2;r;g;b (48 for the background) carry their colour in the next parameters.
    if (code === 38 || code === 48) {
      index += codes[index + 1] === '5' ? 2 : codes[index + 1] === '2' ? 4 : 0;
      continue;
    }
    if (!isColourParameter(code)) kept.push(codes[index]!);
  }
  return kept.length === 0 ? '' : `\x1b[${kept.join(';')}m`;
}

const SGR = /\x1b\[([0-9;]*)m/g;
/** A line feed not already part of a CR LF. */
const BARE_LINE_FEED = /(?<!\r)\n/g;

/**
 * The session's screen as Ink writes to a terminal: a writable stream that says it is a TTY of
 * the client's size and emits 'resize' when the client's window changes. There is no pty on the
 * server to turn line feeds into CR LF (what a terminal driver's `onlcr` does), so this does it;
 * without colour (TERM=dumb, NO_COLOR) colours are taken out of every SGR sequence. Writes after
 * the client went away are dropped.
 */
export class SessionOutput extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  private readonly colour: boolean;

  constructor(
    private readonly channel: ChannelSink,
    terminal: RemoteTerminal,
  ) {
    super({ decodeStrings: false });
    this.columns = terminal.columns;
    this.rows = terminal.rows;
    this.colour = terminal.colour;
  }

  /** The client's window changed size (an SSH window-change request). */
  resize(columns: number, rows: number): void {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }

  /** Ink asks for this to position the cursor; a terminal we cannot query says nothing. */
  getWindowSize(): [number, number] {
    return [this.columns, this.rows];
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.channel.writable) {
      let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (!this.colour) text = text.replace(SGR, withoutColour);
      this.channel.write(text.replace(BARE_LINE_FEED, '\r\n'));
    }
    done();
  }
}

/**
 * What a dashboard in one SSH session has instead of the server's process: its own exit and crash
 * events, so one session's end or failure is that session's alone.
 */
export class SessionProcess extends EventEmitter {
  constructor(private readonly onExit: (code: number) => void) {
    super();
  }

  exit(code: number): void {
    this.emit('exit', code);
    this.onExit(code);
  }
}
