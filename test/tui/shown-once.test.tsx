import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECOVERY_CODE_COUNT, totpCodeAt } from '../../src/core/index.ts';
import { osc52, terminalClipboard, type Clipboard } from '../../src/tui/clipboard.ts';
import { resolvePath, saveRecoveryCodes } from '../../src/tui/secrets/save-codes.ts';
import type { DashboardFront } from '../../src/tui/index.tsx';
import { makeAccount, PASSWORD, tempDataDir, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'owner@example.com';
const RECOVERY_CODE = /\b[0-9a-z]{5}-[0-9a-z]{5}\b/g;
const TOKEN = /\bkbcm_[A-Za-z0-9_]{20,}\b/;

/** A clipboard that keeps what it was given. */
function recordingClipboard(): Clipboard & { copies: string[] } {
  const copies: string[] = [];
  return { copies, copy: (text) => (copies.push(text), { sent: true }) };
}

async function signIn(options: { clipboard?: Clipboard; front?: DashboardFront } = {}) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  harness = await renderDashboard(setup.core, options);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  return { ...setup, accountId, h: harness };
}

/** Enables MFA through the screen and returns the recovery codes it shows. */
async function enableMfa(setup: Awaited<ReturnType<typeof signIn>>): Promise<string[]> {
  const { h, clock } = setup;
  await h.press('s');
  await h.press(KEY.enter);
  await h.waitFor('❯ Change password');
  for (let step = 0; step < 4 && !h.frame().includes('❯ Enable multi-factor'); step += 1) await h.press(KEY.down);
  await h.press(KEY.enter);
  const frame = await h.waitFor('Scan the QR code');
  const secret = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/.exec(frame)![1]!.replace(/ /g, '');
  await h.press(await totpCodeAt(secret, clock.now()));
  await h.press(KEY.enter);
  const codes = await h.waitFor('Save these codes now');
  return codes.match(RECOVERY_CODE) ?? [];
}

describe('copying what is shown once (OSC 52)', () => {
  it('writes the OSC 52 sequence to the terminal it was given, and says why not on a terminal that cannot take it', () => {
    const written: string[] = [];
    expect(terminalClipboard((data) => written.push(data), 'xterm-256color').copy('kbc_secret')).toEqual({ sent: true });
    expect(written).toEqual([`\x1b]52;c;${Buffer.from('kbc_secret').toString('base64')}\x07`]);
    expect(osc52('a\nb')).toBe('\x1b]52;c;YQpi\x07');
    expect(terminalClipboard((data) => written.push(data), 'linux').copy('x')).toEqual({ sent: false, why: 'TERM=linux cannot take a copy' });
    expect(terminalClipboard((data) => written.push(data), undefined).copy('x')).toEqual({ sent: false, why: 'the terminal type is unknown' });
    expect(written).toHaveLength(1);
  });

  it('copies a new token with c, says what to do if nothing arrived, and the token stays until Enter', async () => {
    const clipboard = recordingClipboard();
    const { h } = await signIn({ clipboard });
    await h.press('t');
    await h.press(KEY.enter);
    await h.press('n');
    await h.waitFor('New Management API token');
    await h.press('CI deploy');
    await h.press(KEY.tab);
    await h.press(KEY.tab);
    await h.press(KEY.enter);
    const shown = await h.waitFor('✔ Token created');
    const token = TOKEN.exec(shown)?.[0];
    expect(token).toBeDefined();
    expect(shown).toContain('c copy');
    await h.press('c');
    const after = flat(await h.waitUntil((frame) => flat(frame).includes("Sent the token to your terminal's clipboard."), 'sent'));
    expect(after).toContain('set -g set-clipboard on');
    expect(clipboard.copies).toEqual([token]);
    expect(after).toContain(token);
  });

  it('says how to copy by hand where the terminal cannot take a copy', async () => {
    const setup = await signIn({ clipboard: terminalClipboard(() => undefined, 'linux') });
    await enableMfa(setup);
    await setup.h.press('c');
    await setup.h.waitUntil((frame) => flat(frame).includes('✖ Cannot copy here (TERM=linux cannot take a copy): select the codes with the mouse instead.'), 'the reason');
  });

  it('copies the recovery codes, one a line', async () => {
    const clipboard = recordingClipboard();
    const setup = await signIn({ clipboard });
    const codes = await enableMfa(setup);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    await setup.h.press('c');
    await setup.h.waitUntil((frame) => flat(frame).includes("Sent the codes to your terminal's clipboard."), 'sent');
    expect(clipboard.copies).toHaveLength(1);
    expect(clipboard.copies[0]!.split('\n').sort()).toEqual([...codes].sort());
  });
});

describe('saving recovery codes to a file', () => {
  it('saves them to the path typed, created 0600; an existing file is refused and nothing is overwritten', async () => {
    const dir = await tempDataDir();
    const setup = await signIn();
    const codes = await enableMfa(setup);
    const { h } = setup;
    expect(h.frame()).toContain('s save to a file');
    await h.press('s');
    await h.waitFor('~/kbc-account-recovery-codes.txt');
    const target = join(dir, 'codes.txt');
    await writeFile(target, 'mine, keep me\n');
    await h.press('\x15');
    await h.press(target);
    await h.press(KEY.enter);
    await h.waitUntil((frame) => flat(frame).includes(`✖ ${target} already exists; nothing was overwritten. Choose another name.`), 'refused');
    await expect(readFile(target, 'utf8')).resolves.toBe('mine, keep me\n');
    await h.press('\x15');
    await h.press(join(dir, 'missing', 'codes.txt'));
    await h.press(KEY.enter);
    await h.waitUntil((frame) => flat(frame).includes(`✖ The folder ${join(dir, 'missing')} does not exist.`), 'no folder');
    await h.press('\x15');
    const fresh = join(dir, 'fresh.txt');
    await h.press(fresh);
    await h.press(KEY.enter);
    await h.waitUntil((frame) => flat(frame).includes(`✔ Saved ${RECOVERY_CODE_COUNT} codes to ${fresh} (readable only by you).`), 'saved');
    expect((await lstat(fresh)).mode & 0o777).toBe(0o600);
    const text = await readFile(fresh, 'utf8');
    for (const code of codes) expect(text).toContain(`\n${code}\n`);
    // The codes stay on screen until the user says they saved them.
    expect(h.frame().match(RECOVERY_CODE)).toHaveLength(RECOVERY_CODE_COUNT);
    await h.press(KEY.enter);
    await h.waitFor('✔ Multi-factor authentication is on.');
  });

  it('refuses a symlink planted at the path and a folder, and resolves ~ to the home directory', async () => {
    const dir = await tempDataDir();
    const victim = join(dir, 'victim');
    await writeFile(victim, 'x');
    await symlink(victim, join(dir, 'link'));
    await mkdir(join(dir, 'folder'));
    await expect(saveRecoveryCodes(join(dir, 'link'), ['a'], EMAIL)).resolves.toMatchObject({ ok: false, problem: expect.stringContaining('already exists') });
    await expect(readFile(victim, 'utf8')).resolves.toBe('x');
    await expect(saveRecoveryCodes(join(dir, 'folder'), ['a'], EMAIL)).resolves.toMatchObject({ ok: false });
    await expect(saveRecoveryCodes('  ', ['a'], EMAIL)).resolves.toEqual({ ok: false, problem: 'Type the path of a new file.' });
    expect(resolvePath('~/codes.txt', '/work', '/home/ann')).toBe('/home/ann/codes.txt');
    expect(resolvePath('codes.txt', '/work', '/home/ann')).toBe('/work/codes.txt');
  });

  it('over SSH offers no file (it would be written on the server) and says so', async () => {
    const setup = await signIn({ front: { via: 'ssh', from: 'ssh from 203.0.113.5' } });
    await enableMfa(setup);
    const { h } = setup;
    expect(h.frame()).not.toContain('s save to a file');
    await h.press('s');
    await h.waitUntil((frame) => flat(frame).includes('over SSH the file would be written on the server'), 'why not');
  });
});
