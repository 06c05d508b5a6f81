import { StringDecoder } from 'node:string_decoder';

/** A terminal's input as a prompt needs it: Node's tty.ReadStream, or a test's fake. */
export interface TerminalInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  readonly isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  unshift(chunk: string | Uint8Array): void;
}

/** The person pressed Ctrl+C (`interrupt`), or Ctrl+D on an empty line or the terminal went away (`end`). */
export class PromptAborted extends Error {
  override readonly name = 'PromptAborted';
  constructor(readonly reason: 'interrupt' | 'end') {
    super(reason === 'interrupt' ? 'interrupted' : 'no input');
  }
}

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';
const ESC = '\x1b';

/**
 * Asks for a secret on a terminal without showing it, as `passwd` and `ssh` do: nothing is echoed,
 * not even stars (their count would tell the length). The terminal goes into raw mode for the
 * answer and back to what it was afterwards, whatever happens. Backspace and Ctrl+U edit; arrow
 * keys and other escape sequences are ignored; Enter ends the answer, and what was typed after it
 * (typed ahead, or pasted with the answer) stays for the next prompt.
 */
export function readHidden(input: TerminalInput, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  if (!input.isTTY || !input.setRawMode) return Promise.reject(new Error('readHidden needs a terminal'));
  const wasRaw = input.isRaw ?? false;
  output.write(prompt);
  input.setRawMode(true);
  const decoder = new StringDecoder('utf8');
  let answer: string[] = [];
  // Inside an escape sequence: after ESC, or after ESC [ until its final byte (@ to ~).
  let escape: 'none' | 'esc' | 'csi' = 'none';
  return new Promise((resolve, reject) => {
    const finish = (error: PromptAborted | null, rest = '') => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      input.setRawMode!(wasRaw);
      if (rest !== '') input.unshift(rest);
      // Raw mode echoes nothing, not even Enter: end the prompt's line.
      output.write('\n');
      if (error) reject(error);
      else resolve(answer.join(''));
    };
    const onEnd = () => finish(new PromptAborted('end'));
    const onData = (chunk: string | Buffer) => {
      const chars = [...(typeof chunk === 'string' ? chunk : decoder.write(chunk))];
      for (let i = 0; i < chars.length; i++) {
        const char = chars[i]!;
        if (escape === 'esc') {
          escape = char === '[' ? 'csi' : 'none';
          continue;
        }
        if (escape === 'csi') {
          if (char >= '@' && char <= '~') escape = 'none';
          continue;
        }
        if (ENTER.has(char)) {
          // A Windows-style \r\n counts as one Enter.
          const next = char === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1;
          return finish(null, chars.slice(next).join(''));
        }
        if (char === CTRL_C) return finish(new PromptAborted('interrupt'));
        if (char === CTRL_D) {
          if (answer.length === 0) return finish(new PromptAborted('end'));
          continue;
        }
        if (BACKSPACE.has(char)) answer = answer.slice(0, -1);
        else if (char === CTRL_U) answer = [];
        else if (char === ESC) escape = 'esc';
        // Other control characters (Tab included) are not part of a password typed on a terminal.
        else if (!/\p{Cc}/u.test(char)) answer.push(char);
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
