import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN, NOT_A_TERMINAL, startDashboard } from '../../src/tui/index.tsx';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';

/** A terminal's output: records what is written and reports a size. */
class FakeTerminalOutput extends EventEmitter {
  output = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 120,
    readonly rows = 40,
  ) {
    super();
  }
  write(text: string): boolean {
    this.output += text;
    return true;
  }
}

function fakeTerminal(isTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  const stdout = new FakeTerminalOutput(isTTY);
  const stderr = new FakeTerminalOutput(false);
  const proc = Object.assign(new EventEmitter(), { exitCode: null as number | null, exit: (code: number) => void (proc.exitCode = code) });
  return { stdin, stdout, stderr, proc };
}

type Terminal = ReturnType<typeof fakeTerminal>;

function start(terminal: Terminal, core = testCore().core) {
  return startDashboard({
    core,
    stdin: terminal.stdin as unknown as NodeJS.ReadStream,
    stdout: terminal.stdout as unknown as NodeJS.WriteStream,
    stderr: terminal.stderr as unknown as NodeJS.WriteStream,
    process: terminal.proc as unknown as NodeJS.Process,
    pollIntervalMs: 25,
    debug: true,
  });
}

/** Waits (without a fixed sleep) until the terminal shows `text` since `from`. */
async function shows(terminal: Terminal, text: string, from = 0): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!terminal.stdout.output.slice(from).includes(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" never appeared; output ends with:\n${terminal.stdout.output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('startDashboard', () => {
  it('refuses a terminal that is not interactive with one line and exit code 1', async () => {
    const terminal = fakeTerminal(false);
    await expect(start(terminal)).resolves.toBe(1);
    expect(terminal.stderr.output).toBe(`${NOT_A_TERMINAL}\n`);
    expect(terminal.stdout.output).toBe('');
  });

  it('switches to the alternate screen and restores the terminal when q quits', async () => {
    const terminal = fakeTerminal();
    const { core } = testCore();
    await makeAccount(core, 'ada@example.com');
    const running = start(terminal, core);
    await shows(terminal, 'Sign in to Keboola Connection');
    expect(terminal.stdout.output.startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    // One chunk, as a paste or a fast sender delivers it: every key still lands where it should.
    terminal.stdin.write(`ada@example.com\t${PASSWORD}\r`);
    await shows(terminal, 'Your projects');
    terminal.stdin.write('q');
    await expect(running).resolves.toBe(0);
    expect(terminal.stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    expect(terminal.stderr.output).toBe('');
  });

  it('restores the terminal on Ctrl+C and ends with status 130, as an interrupt', async () => {
    const terminal = fakeTerminal();
    const running = start(terminal);
    await shows(terminal, 'Sign in');
    terminal.stdin.write('\x03');
    await expect(running).resolves.toBe(130);
    expect(terminal.stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });

  it('restores the terminal and says what failed, in one line, on a crash', async () => {
    const terminal = fakeTerminal();
    const running = start(terminal);
    await shows(terminal, 'Sign in');
    terminal.proc.emit('uncaughtException', new Error('disk on fire\n    at somewhere (file.ts:1:1)'));
    expect(terminal.stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    expect(terminal.stderr.output).toBe('kbc-account: unexpected failure: disk on fire\n');
    expect(terminal.proc.exitCode).toBe(1);
    terminal.stdin.write('\x03');
    await running;
    // Restored once only, and the process's handlers are gone.
    expect(terminal.stdout.output.split(LEAVE_ALTERNATE_SCREEN)).toHaveLength(2);
    expect(terminal.proc.listenerCount('uncaughtException')).toBe(0);
    expect(terminal.proc.listenerCount('exit')).toBe(0);
  });

  it('restores the terminal when the process exits under it', async () => {
    const terminal = fakeTerminal();
    const running = start(terminal);
    await shows(terminal, 'Sign in');
    terminal.proc.emit('exit', 0);
    expect(terminal.stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    terminal.stdin.write('\x03');
    await running;
  });
});
