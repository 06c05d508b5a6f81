import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KeyByKeyInput, splitKeys } from '../../src/tui/key-by-key-input.ts';

describe('splitKeys', () => {
  it('splits text with Tab, Enter and Backspace inside it into single keys', () => {
    expect(splitKeys('ab\tc\r\x7f')).toEqual(['a', 'b', '\t', 'c', '\r', '\x7f']);
  });

  it('keeps escape sequences whole', () => {
    expect(splitKeys('\x1b[Ax\x1b[1;5C\x1bOP\x1b[Z')).toEqual(['\x1b[A', 'x', '\x1b[1;5C', '\x1bOP', '\x1b[Z']);
  });

  it('keeps a lone Esc and characters outside the basic plane whole', () => {
    expect(splitKeys('\x1b')).toEqual(['\x1b']);
    expect(splitKeys('a🔔b')).toEqual(['a', '🔔', 'b']);
  });

  it('reads a line feed (typed ahead or pasted) as Enter', () => {
    expect(splitKeys('pw\n')).toEqual(['p', 'w', '\r']);
  });
});

describe('KeyByKeyInput', () => {
  it('hands its reader one key per read, in order, across chunks', async () => {
    const source = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => source, ref: () => source, unref: () => source });
    const input = new KeyByKeyInput(source as unknown as NodeJS.ReadStream);
    input.setEncoding();
    const reads: string[][] = [];
    input.on('readable', () => {
      const batch: string[] = [];
      let key: string | null;
      while ((key = input.read()) !== null) batch.push(key);
      reads.push(batch);
    });
    source.write('ab\t');
    source.write('c\r');
    await new Promise<void>((resolve) => {
      const check = () => (reads.length >= 5 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(reads).toEqual([['a'], ['b'], ['\t'], ['c'], ['\r']]);
  });

  it('hands a bracketed paste over whole, markers included, however many reads it spans', async () => {
    const source = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => source, ref: () => source, unref: () => source });
    const input = new KeyByKeyInput(source as unknown as NodeJS.ReadStream);
    input.setEncoding();
    const keys: string[] = [];
    input.on('readable', () => {
      let key: string | null;
      while ((key = input.read()) !== null) keys.push(key);
    });
    source.write('x\x1b[200~line one\r');
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.write('line two\x1b[201~y');
    await new Promise<void>((resolve) => {
      const check = () => (keys.length >= 3 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(keys).toEqual(['x', '\x1b[200~line one\rline two\x1b[201~', 'y']);
  });
});
