import { EventEmitter } from 'node:events';

const ESC = '\x1b';
/** Bracketed paste's markers around pasted text. */
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** The length of the escape sequence starting at `start` (CSI `ESC [ … final`, SS3 `ESC O x`, or ESC + one character). */
function escapeLength(text: string, start: number): number {
  const kind = text[start + 1];
  if (kind === undefined) return 1;
  if (kind === '[') {
    for (let index = start + 2; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      // Parameter and intermediate bytes continue the sequence; a byte in @–~ ends it.
      if (code >= 0x40 && code <= 0x7e && !(code === 0x5b && index === start + 2)) return index - start + 1;
    }
    return text.length - start;
  }
  if (kind === 'O') return Math.min(3, text.length - start);
  if (kind === ESC) return 1;
  return 1 + (text.codePointAt(start + 1)! > 0xffff ? 2 : 1);
}

/** Splits what one read of the terminal returned into single keys: characters and whole escape sequences. */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  let index = 0;
  while (index < chunk.length) {
    const length = chunk[index] === ESC ? escapeLength(chunk, index) : chunk.codePointAt(index)! > 0xffff ? 2 : 1;
    const key = chunk.slice(index, index + length);
    // Typed ahead before raw mode (or pasted), Enter arrives as a line feed.
    keys.push(key === '\n' ? '\r' : key);
    index += length;
  }
  return keys;
}

/**
 * Hands Ink one key per read. A terminal returns everything that arrived since the last read as
 * one chunk (a paste, keys sent faster than the screen renders, tmux send-keys), and Ink
 * reports plain text with a Tab or Enter inside it as one input: the Tab would be typed into
 * the field instead of moving on. One key at a time, with a turn of the event loop between,
 * lets every key act on the screen the previous key left.
 */
export class KeyByKeyInput extends EventEmitter {
  readonly isTTY: boolean;
  private readonly queue: string[] = [];
  private current: string | null = null;
  private pumping = false;
  private readers = 0;
  /** A paste still arriving (its start marker read, not yet its end); null outside one. */
  private paste: string | null = null;

  constructor(private readonly source: NodeJS.ReadStream) {
    super();
    this.isTTY = source.isTTY === true;
    // Read the terminal only while Ink listens, as Ink itself would.
    this.on('newListener', (event: string) => {
      if (event === 'readable' && this.readers++ === 0) source.on('readable', this.drain);
    });
    this.on('removeListener', (event: string) => {
      if (event === 'readable' && --this.readers === 0) source.off('readable', this.drain);
    });
  }

  setEncoding(): this {
    this.source.setEncoding('utf8');
    return this;
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode(mode);
    return this;
  }

  ref(): this {
    this.source.ref();
    return this;
  }

  unref(): this {
    this.source.unref();
    return this;
  }

  /** The key being delivered, once; null until the next one. */
  read(): string | null {
    const key = this.current;
    this.current = null;
    return key;
  }

  private readonly drain = (): void => {
    let chunk: unknown;
    while ((chunk = this.source.read()) !== null) this.take(String(chunk));
    this.pump();
  };

  /**
   * Queues a chunk's keys, but a bracketed paste whole, markers included, however many reads
   * it spans: the dashboard hands it to the focused field as text, so none of it acts as a key.
   */
  private take(text: string): void {
    let rest = text;
    while (rest !== '') {
      if (this.paste !== null) {
        const end = rest.indexOf(PASTE_END);
        if (end < 0) {
          this.paste += rest;
          return;
        }
        this.queue.push(`${PASTE_START}${this.paste}${rest.slice(0, end)}${PASTE_END}`);
        this.paste = null;
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      if (start < 0) {
        this.queue.push(...splitKeys(rest));
        return;
      }
      this.queue.push(...splitKeys(rest.slice(0, start)));
      this.paste = '';
      rest = rest.slice(start + PASTE_START.length);
    }
  }

  private pump(): void {
    if (this.pumping || this.queue.length === 0) return;
    this.pumping = true;
    // React renders a key's state change in a scheduler task that it queues from a microtask.
    // Queuing the next key only after the microtasks, and two turns later, puts it behind that
    // render (even one that had to yield once), so the key meets the screen the last one made.
    queueMicrotask(() =>
      setImmediate(() =>
        setImmediate(() => {
          this.current = this.queue.shift() ?? null;
          this.emit('readable');
          this.current = null;
          this.pumping = false;
          this.pump();
        }),
      ),
    );
  }
}
