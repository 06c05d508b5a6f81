import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/index.ts';
import { BIN } from '../../support/cli.ts';
import { PASSWORD, tempDataDir } from '../../support/core.ts';
import { requireTmux, shellQuote as quote, START_TIMEOUT_MS, tmuxTerminal, type TmuxTerminal } from '../../support/tmux.ts';

/*
 * `kbc-account admin account create` in a real terminal (tmux): it asks for the password twice,
 * shows none of it, refuses two different answers, and leaves the terminal as it found it.
 */

describe('admin account create on a terminal (tmux)', { timeout: 180_000 }, () => {
  let terminal: TmuxTerminal;
  let dataDir: string;
  let run = 0;

  beforeAll(async () => {
    requireTmux();
    // Each step may wait for a node process to start on a busy machine.
    terminal = tmuxTerminal({ shell: 'bash --norc --noprofile', sessionEnv: { CI: 'false' }, stepTimeoutMs: START_TIMEOUT_MS });
    dataDir = await tempDataDir();
  });
  afterAll(() => terminal?.kill());

  /** Starts `create --email EMAIL` at a fresh shell prompt; resolves once it asks for the password. */
  async function startCreate(email: string): Promise<string> {
    run += 1;
    terminal.press('C-l');
    terminal.type(`clear; node ${quote(BIN)} --data ${quote(dataDir)} admin account create --email ${email}; echo "EXIT-${run}=$?"; stty -a | grep -o -- ' -\\?echo ' | head -1 | sed 's/^/TTY-${run}:/'`);
    terminal.press('Enter');
    return terminal.waitFor(/^Password:\s*$/m);
  }
  const exitOf = async (): Promise<{ code: string; echo: string; screen: string }> => {
    const screen = await terminal.waitFor(new RegExp(`TTY-${run}:`));
    return { code: new RegExp(`EXIT-${run}=(\\d+)`).exec(screen)![1]!, echo: new RegExp(`TTY-${run}: ?(-?echo)`).exec(screen)![1]!, screen };
  };

  it('asks twice without showing the password, then creates the account with it', async () => {
    await startCreate('ann@example.com');
    terminal.type(PASSWORD);
    terminal.press('Enter');
    await terminal.waitFor(/^Repeat the password:\s*$/m);
    terminal.type(PASSWORD);
    terminal.press('Enter');
    const { code, echo, screen } = await exitOf();
    expect(screen).toMatch(/Created account ann@example\.com/);
    expect(code).toBe('0');
    expect(screen).not.toContain(PASSWORD);
    expect(screen).not.toMatch(/\*{4}|•{4}/);
    // The terminal echoes again: raw mode was left.
    expect(echo).toBe('echo');
    const core = await openCore({ dataDir, env: {} });
    try {
      await expect(core.accounts.login({ email: 'ann@example.com', password: PASSWORD })).resolves.toBeDefined();
    } finally {
      await core.close();
    }
  });

  it('refuses two different passwords and creates nothing', async () => {
    await startCreate('bob@example.com');
    terminal.type(PASSWORD);
    terminal.press('Enter');
    await terminal.waitFor(/^Repeat the password:\s*$/m);
    terminal.type(`${PASSWORD}!`);
    terminal.press('Enter');
    const { code, screen } = await exitOf();
    expect(screen).toMatch(/the two passwords do not match; nothing was created/);
    expect(code).toBe('2');
    const core = await openCore({ dataDir, env: {} });
    try {
      expect(await core.accounts.findByEmail('bob@example.com')).toBeNull();
    } finally {
      await core.close();
    }
  });

  it('says at once why a password is refused and asks for another; backspace edits', async () => {
    await startCreate('cat@example.com');
    terminal.type('password');
    terminal.press('Enter');
    await terminal.waitFor(/too common; choose one that is harder to guess\. Try another\.\nPassword:\s*$/m);
    // A typo taken back with Backspace.
    terminal.type(`${PASSWORD}x`);
    terminal.press('BSpace');
    terminal.press('Enter');
    await terminal.waitFor(/^Repeat the password:\s*$/m);
    terminal.type(PASSWORD);
    terminal.press('Enter');
    const { code, screen } = await exitOf();
    expect(screen).toMatch(/Created account cat@example\.com/);
    expect(code).toBe('0');
  });

  it('Ctrl+C at the prompt ends with status 130, nothing created, the terminal as it was', async () => {
    await startCreate('dan@example.com');
    terminal.type('half a pass');
    terminal.press('C-c');
    const { code, echo, screen } = await exitOf();
    expect(code).toBe('130');
    expect(echo).toBe('echo');
    expect(screen).not.toContain('half a pass');
    const core = await openCore({ dataDir, env: {} });
    try {
      expect(await core.accounts.findByEmail('dan@example.com')).toBeNull();
    } finally {
      await core.close();
    }
  });
});
