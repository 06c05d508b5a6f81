import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/index.ts';
import { requireTmux, shellQuote as quote, START_TIMEOUT_MS, tmuxTerminal, type TmuxTerminal } from '../../support/tmux.ts';

/*
 * What only a real terminal shows (issue 12): Ctrl+Z and fg, colour under NO_COLOR / CI, a
 * bracketed paste, and OSC 52 reaching tmux's clipboard. Each test runs the dashboard in a shell
 * in its own tmux server (test/support/tmux.ts), killed afterwards.
 */

const EMAIL = 'term@example.com';
const PASSWORD = 'term correct horse battery staple';
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;
/** A foreground colour in tmux's capture (-e): 30–37, 90–97, 38;5;n or 38;2;r;g;b. */
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m/;

let terminal: TmuxTerminal | null = null;
let dataDir = '';

/** A shell in a fresh tmux server, running `command` (the dashboard on the test's data) as its foreground job. */
async function startInShell(command: string): Promise<TmuxTerminal> {
  terminal = tmuxTerminal({ columns: 100, rows: 30 });
  terminal.type(command);
  terminal.press('Enter');
  await terminal.waitFor('Sign in to Keboola Connection', START_TIMEOUT_MS);
  return terminal;
}

beforeAll(async () => {
  requireTmux();
  dataDir = await mkdtemp(join(tmpdir(), 'kbc-term-'));
  const core = await openCore({ dataDir, env: {} });
  await core.accounts.create({ email: EMAIL, password: PASSWORD });
  await core.close();
});

afterEach(() => {
  terminal?.kill();
  terminal = null;
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard and its terminal (tmux)', () => {
  it('never shows the keys of the screen before in the footer, the screen read as fast as tmux can while moving quickly', { timeout: 90_000 }, async () => {
    const term = await startInShell(`node bin/kbc-account.js --data ${quote(dataDir)}`);
    const { type: typeText, press, waitFor: shows, screen } = term;
    term.resize(80, 24);
    typeText(EMAIL);
    press('Tab');
    typeText(PASSWORD);
    press('Enter');
    await shows('Your projects');
    const stale: string[] = [];
    let looked = 0;
    /** Reads the screen over and over for `ms`, noting every screen whose footer has the other screen's keys. */
    const watch = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const lines = screen().trimEnd().split('\n');
        const crumb = lines[1]?.trim() ?? '';
        const footer = lines.at(-1) ?? '';
        looked++;
        if (crumb.endsWith('Account Settings') && footer.includes('i invitations')) stale.push(`Account Settings under: ${footer.trim()}`);
        if (crumb === 'Home' && footer.includes('↑↓ section')) stale.push(`Home under: ${footer.trim()}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // Each move drew one frame with the other screen's footer (seen on about 4 moves in 5 here).
    for (let round = 0; round < 8; round++) {
      press('s');
      await watch(200);
      press('Escape');
      await watch(200);
    }
    expect(looked).toBeGreaterThan(40);
    expect(stale).toEqual([]);
    press('q');
  });

  it('suspends with Ctrl+Z (the shell and its screen come back) and resumes with fg, with what was typed kept', { timeout: 90_000 }, async () => {
    const term = await startInShell(`node bin/kbc-account.js --data ${quote(dataDir)}`);
    const { type: typeText, press, waitFor: shows } = term;
    typeText('half@');
    await shows('half@');
    press('C-z');
    const shell = await shows(/Stopped/);
    expect(shell).not.toContain('Sign in to Keboola Connection');
    expect(term.alternateOn()).toBe(false);
    typeText('fg');
    press('Enter');
    const back = await shows('Sign in to Keboola Connection');
    expect(back).toContain('half@');
    expect(term.alternateOn()).toBe(true);
    typeText('example.com');
    await shows('half@example.com');
    press('C-c');
    await shows(/^[$#] ?$/m);
    expect(term.alternateOn()).toBe(false);
  });

  it('draws live and without colour under CI=true NO_COLOR=1, the focus still marked; CI=false alone keeps colour', { timeout: 90_000 }, async () => {
    const term = await startInShell(`CI=true NO_COLOR=1 node bin/kbc-account.js --data ${quote(dataDir)}`);
    const { tmux, screen, type: typeText, press, waitFor: shows, session } = term;
    // Ink in CI mode would draw only at exit: typed text appearing means it draws live.
    typeText('typed@');
    await shows('typed@');
    const plain = tmux('capture-pane', '-e', '-p', '-t', session);
    expect(plain).not.toMatch(COLOUR_SGR);
    expect(screen()).toMatch(/❯ Email\s+typed@/);
    press('C-c');
    await shows(/^[$#] ?$/m);
    typeText(`CI=false node bin/kbc-account.js --data ${quote(dataDir)}`);
    press('Enter');
    await shows('Sign in to Keboola Connection', START_TIMEOUT_MS);
    expect(tmux('capture-pane', '-e', '-p', '-t', session)).toMatch(COLOUR_SGR);
    press('C-c');
  });

  it('takes a bracketed paste into the focused field only, and copies a token to tmux’s clipboard (OSC 52, set-clipboard on)', { timeout: 90_000 }, async () => {
    const term = await startInShell(`node bin/kbc-account.js --data ${quote(dataDir)}`);
    const { tmux, type: typeText, press, waitFor: shows, session } = term;
    tmux('set-option', '-s', 'set-clipboard', 'on');
    typeText(EMAIL);
    press('Tab');
    typeText(PASSWORD);
    press('Enter');
    await shows('Your projects');
    typeText('t');
    await shows('Enter/→ open');
    press('Enter');
    await shows('n new token');
    typeText('n');
    await shows('New Management API token');
    tmux('set-buffer', '-b', 'pasted', 'line one\nline two\n');
    // -p: as a bracketed paste, since the dashboard asked for it (ESC[?2004h).
    tmux('paste-buffer', '-p', '-b', 'pasted', '-t', session);
    const form = await shows('line one line two');
    expect(form).toMatch(/◉ 30 days/);
    expect(form).toContain('❯ Description');
    press('Tab');
    press('Tab');
    press('Enter');
    const created = await shows(TOKEN);
    const token = TOKEN.exec(created)![0];
    typeText('c');
    await shows("Sent the token to your terminal's clipboard.");
    expect(tmux('show-buffer').trim()).toBe(token);
    press('Enter');
    await shows('Token “line one line two” created');
    typeText('q');
  });
});
