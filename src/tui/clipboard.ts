/** What happened to a copy: handed to the terminal (which may still refuse it), or not possible there. */
export type CopyOutcome = { readonly sent: true } | { readonly sent: false; readonly why: string };

/** Copies text to the clipboard of the terminal the person sits at. */
export interface Clipboard {
  copy(text: string): CopyOutcome;
}

/** Terminals known to ignore OSC 52: the Linux console, and one that says it can do nothing. */
const NO_OSC52 = new Set(['', 'dumb', 'linux', 'vt100', 'vt220']);

/** The OSC 52 sequence that asks a terminal to put `text` on its clipboard. */
export const osc52 = (text: string): string => `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;

/**
 * A clipboard through the terminal itself (OSC 52): the sequence goes to `write`, the stream the
 * dashboard draws on, so over SSH it reaches the client's terminal and copies there, and tmux
 * takes it with `set -g set-clipboard on`. Whether the terminal accepted it cannot be known (it
 * does not answer), so the screen says what to do when nothing arrived. `term` is the terminal
 * type (TERM, or the one the SSH client sent).
 */
export function terminalClipboard(write: (data: string) => void, term: string | undefined): Clipboard {
  return {
    copy(text) {
      const type = term ?? '';
      if (NO_OSC52.has(type)) return { sent: false, why: type === '' ? 'the terminal type is unknown' : `TERM=${type} cannot take a copy` };
      write(osc52(text));
      return { sent: true };
    },
  };
}
