import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PromptAborted, readHidden, type TerminalInput } from '../../src/cli/hidden-input.ts';

/** A terminal's input that records its raw-mode switches. */
function fakeTerminal() {
  const modes: boolean[] = [];
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      modes.push(mode);
      input.isRaw = mode;
      return input;
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input: input as TerminalInput & PassThrough, output, modes, shown: () => shown };
}

describe('reading a secret on a terminal', () => {
  it('shows the prompt and nothing of the answer, and leaves raw mode as it found it', async () => {
    const { input, output, modes, shown } = fakeTerminal();
    const answer = readHidden(input, output, 'Password: ');
    input.write('s3cret pass\r');
    await expect(answer).resolves.toBe('s3cret pass');
    expect(shown()).toBe('Password: \n');
    expect(modes).toEqual([true, false]);
  });

  it('edits with Backspace and Ctrl+U, and ignores arrow keys and other escape sequences', async () => {
    const { input, output } = fakeTerminal();
    const answer = readHidden(input, output, '> ');
    input.write('wrong\x15ab\x7fc\x1b[D\x1b[1;5Cd\x1bOe\tf\r');
    // \x1bO starts a two-byte sequence: the O goes, the e stays.
    await expect(answer).resolves.toBe('acdef');
  });

  it('keeps what was typed after Enter for the next prompt, and takes \\r\\n as one Enter', async () => {
    const { input, output } = fakeTerminal();
    const first = readHidden(input, output, 'Password: ');
    input.write('one\r\ntwo\r');
    await expect(first).resolves.toBe('one');
    await expect(readHidden(input, output, 'Repeat: ')).resolves.toBe('two');
  });

  it('reads characters split across chunks (UTF-8) and wide characters whole', async () => {
    const { input, output } = fakeTerminal();
    const answer = readHidden(input, output, '> ');
    const bytes = Buffer.from('žluťoučký 🐴\r');
    input.write(bytes.subarray(0, 1));
    input.write(bytes.subarray(1, 14));
    input.write(bytes.subarray(14));
    await expect(answer).resolves.toBe('žluťoučký 🐴');
  });

  it('Ctrl+C interrupts; Ctrl+D on an empty answer or the end of input ends it; raw mode is left each time', async () => {
    for (const [typed, reason] of [['abc\x03', 'interrupt'], ['\x04', 'end']] as const) {
      const { input, output, modes } = fakeTerminal();
      const answer = readHidden(input, output, '> ');
      input.write(typed);
      await expect(answer).rejects.toEqual(new PromptAborted(reason));
      expect(modes).toEqual([true, false]);
    }
    const { input, output, modes } = fakeTerminal();
    const answer = readHidden(input, output, '> ');
    input.end('partial');
    await expect(answer).rejects.toMatchObject({ reason: 'end' });
    expect(modes).toEqual([true, false]);
  });

  it('refuses a stream that is not a terminal', async () => {
    await expect(readHidden(new PassThrough() as unknown as TerminalInput, new PassThrough(), '> ')).rejects.toThrow(/terminal/);
  });
});
