import { afterEach, describe, expect, it } from 'vitest';
import { RECOVERY_CODE_COUNT, totpCodeAt } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { eventually, KEY, login, renderDashboard, type Harness } from './harness.tsx';
import { decodeQr } from '../support/qr-decode.ts';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'mfa@example.com';
const RECOVERY_CODE = /\b[0-9a-z]{5}-[0-9a-z]{5}\b/g;

/** Logs in and opens Account Settings › Account & Security with its action list focused. */
async function openSecurity(options: { columns?: number; rows?: number } = {}) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  harness = await renderDashboard(setup.core, options);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press(KEY.enter);
  await harness.waitFor('❯ Change password');
  return { ...setup, accountId, harness };
}

/** The base32 secret shown on screen, grouped or not. */
function secretOnScreen(frame: string): string {
  const match = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/.exec(frame);
  if (!match?.[1]) throw new Error(`No secret on screen:\n${frame}`);
  return match[1].replace(/ /g, '');
}

async function chooseAction(h: Harness, label: string) {
  for (let step = 0; step < 4 && !h.frame().includes(`❯ ${label}`); step += 1) await h.press(KEY.down);
  await h.waitFor(`❯ ${label}`);
  await h.press(KEY.enter);
}

describe('multi-factor authentication', () => {
  it('enables MFA: shows the QR code and the secret, activates with a code, shows the recovery codes once', async () => {
    const { harness, core, clock, accountId } = await openSecurity();
    await chooseAction(harness, 'Enable multi-factor authentication');
    const frame = await harness.waitFor('Scan the QR code');
    expect(frame).toContain('█');
    const secret = secretOnScreen(frame);
    await harness.press('123');
    await harness.press(KEY.enter);
    await harness.waitFor('✖ Enter the 6-digit code.');
    await harness.press('\x15');
    await harness.press(await totpCodeAt(secret, clock.now()));
    await harness.press(KEY.enter);
    const codes = await harness.waitFor('Save these codes now: they are shown only once.');
    expect(codes.match(RECOVERY_CODE)).toHaveLength(RECOVERY_CODE_COUNT);
    expect(codes).toContain('Enter when you have saved them.');
    await harness.press(KEY.enter);
    const overview = await harness.waitFor('✔ Multi-factor authentication is on.');
    expect(overview).toContain(`${RECOVERY_CODE_COUNT} recovery codes left`);
    expect(overview).not.toMatch(RECOVERY_CODE);
    await expect(core.mfa.status(accountId)).resolves.toMatchObject({ enabled: true });
  });

  /**
   * The code as the frame shows it: the rows from two above its first drawn row to two below its
   * last (four modules, two a row) and the columns from four left of it to four right. Those must
   * hold nothing but the code and its quiet zone.
   */
  function qrOnScreen(frame: string): string[] {
    const rows = frame.split('\n').map((row) => [...row]);
    const drawn = rows.flatMap((row, y) => (row.some((cell) => '█▀▄'.includes(cell)) ? [y] : []));
    const columns = rows.flatMap((row) => row.flatMap((cell, x) => ('█▀▄'.includes(cell) ? [x] : [])));
    const [top, bottom] = [drawn[0]! - 2, drawn.at(-1)! + 2];
    const [left, right] = [Math.min(...columns) - 4, Math.max(...columns) + 4];
    return rows.slice(top, bottom + 1).map((row) => row.slice(left, right + 1).join('').padEnd(right - left + 1));
  }

  it.each([
    [120, 34],
    [120, 40],
    [160, 50],
  ])('at %i×%i shows the QR code with a quiet zone of 4 modules, and it decodes (zbarimg) to the otpauth URI', async (columns, rows) => {
    const { harness } = await openSecurity({ columns, rows });
    await chooseAction(harness, 'Enable multi-factor authentication');
    const frame = await harness.waitFor('Scan the QR code');
    const code = qrOnScreen(frame);
    for (const row of [...code.slice(0, 2), ...code.slice(-2)]) expect(row.trim()).toBe('');
    for (const row of code) expect(row.slice(0, 4) + row.slice(-4)).toBe(' '.repeat(8));
    const uri = new URL(decodeQr(code));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secretOnScreen(frame));
  });

  it('says a wrong activation code is not valid and keeps MFA off', async () => {
    const { harness, core, accountId } = await openSecurity();
    await chooseAction(harness, 'Enable multi-factor authentication');
    await harness.waitFor('Scan the QR code');
    await harness.press('000000');
    await harness.press(KEY.enter);
    await harness.waitFor('That code is not valid.');
    await expect(core.mfa.status(accountId)).resolves.toMatchObject({ enabled: false });
  });

  it('gives the secret as text, and how big the terminal must be, when the QR code does not fit', async () => {
    const { harness } = await openSecurity({ columns: 90, rows: 30 });
    await chooseAction(harness, 'Enable multi-factor authentication');
    const frame = await harness.waitFor(/A QR code needs a \d+×\d+ terminal/);
    expect(frame).not.toContain('█');
    expect(secretOnScreen(frame)).toHaveLength(32);
  });

  it('cancels enabling with Esc', async () => {
    const { harness, core, accountId } = await openSecurity();
    await chooseAction(harness, 'Enable multi-factor authentication');
    await harness.waitFor('Scan the QR code');
    await harness.press(KEY.escape);
    await harness.waitFor('❯ Enable multi-factor authentication');
    await eventually(async () => {
      await expect(core.mfa.status(accountId)).resolves.toMatchObject({ enabled: false, enrolling: false });
    });
  });

  it('disables MFA with a current code', async () => {
    const { harness, core, clock, accountId } = await openSecurity();
    const { secret } = await core.mfa.startEnrollment(accountId);
    await core.mfa.activate(accountId, await totpCodeAt(secret, clock.now()));
    clock.advance({ seconds: 30 });
    await harness.waitFor('Disable multi-factor authentication');
    await chooseAction(harness, 'Disable multi-factor authentication');
    await harness.waitFor('Enter a current code from your app');
    await harness.press(await totpCodeAt(secret, clock.now()));
    await harness.press(KEY.enter);
    await harness.waitFor('✔ Multi-factor authentication is off.');
    await expect(core.mfa.status(accountId)).resolves.toMatchObject({ enabled: false });
  });

  it('regenerates the recovery codes with a current code and shows the new ones', async () => {
    const { harness, core, clock, accountId } = await openSecurity();
    const { secret } = await core.mfa.startEnrollment(accountId);
    const old = await core.mfa.activate(accountId, await totpCodeAt(secret, clock.now()));
    await core.accounts.login({ email: EMAIL, password: PASSWORD }).then(async (result) => {
      if (result.status === 'mfa_required') await core.accounts.completeMfaLogin({ challenge: result.challenge, code: old[0]! });
    });
    clock.advance({ seconds: 30 });
    await harness.waitFor(`${RECOVERY_CODE_COUNT - 1} recovery codes left`);
    await chooseAction(harness, 'Regenerate recovery codes');
    await harness.press(await totpCodeAt(secret, clock.now()));
    await harness.press(KEY.enter);
    const frame = await harness.waitFor('Save these codes now');
    const fresh = frame.match(RECOVERY_CODE) ?? [];
    expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
    expect(fresh).not.toContain(old[1]);
    await harness.press(KEY.enter);
    await harness.waitFor(`${RECOVERY_CODE_COUNT} recovery codes left`);
  });

  it('regenerates the recovery codes with an unused recovery code, as its prompt says', async () => {
    const { harness, core, clock, accountId } = await openSecurity();
    const { secret } = await core.mfa.startEnrollment(accountId);
    const old = await core.mfa.activate(accountId, await totpCodeAt(secret, clock.now()));
    await harness.waitFor('Regenerate recovery codes');
    await chooseAction(harness, 'Regenerate recovery codes');
    await harness.waitFor('Enter a current code from your app (or a recovery code) to confirm:');
    await harness.press(old[0]!);
    await harness.press(KEY.enter);
    const frame = await harness.waitFor('Save these codes now');
    expect(frame.match(RECOVERY_CODE) ?? []).toHaveLength(RECOVERY_CODE_COUNT);
  });
});

describe('security activity', () => {
  it('lists the account events, newest first, with how long ago they happened', async () => {
    const { harness, core, clock } = await openSecurity();
    await core.accounts.login({ email: EMAIL, password: 'a wrong password' }).catch(() => undefined);
    clock.advance({ minutes: 5 });
    await chooseAction(harness, 'Security activity');
    const frame = await harness.waitFor('Someone tried to sign in with a wrong password');
    // Where each sign-in came from, in a sentence; no stored key (via, mfa, reason) shows.
    expect(frame).toContain('You signed in from local terminal.');
    expect(frame).toContain('Your account was created.');
    expect(frame).not.toMatch(/via:|mfa:|reason:|wasLocked/);
    expect(frame).toContain('5 minutes ago');
    expect(frame.indexOf('Someone tried to sign in')).toBeLessThan(frame.indexOf('Your account was created.'));
    // Enter: the event in full, with the exact time, its zone and where it came from.
    await harness.press(KEY.enter);
    const detail = await harness.waitFor('Security event');
    expect(detail).toContain('What          Failed sign-in attempt');
    expect(detail).toMatch(/When {10}Thu 15 Jan 2026, \d\d:00:00 [A-Z][A-Za-z0-9+-]+( \(.+\))?, 5 minutes ago/);
    expect(detail).toContain('From          local terminal');
    await harness.press(KEY.escape);
    await harness.waitFor('WHAT HAPPENED');
    await harness.press(KEY.escape);
    await harness.waitFor('❯ Security activity');
  });
});
