import { afterEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MINUTES, LOGIN_FIRST_DELAY_MINUTES, MAX_FAILED_LOGINS, RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW, totpCodeAt } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'ada@example.com';

/** An account with MFA on (activated with this time step's code) and its recovery codes. */
async function mfaAccount() {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  const { secret } = await setup.core.mfa.startEnrollment(accountId);
  const codes = await setup.core.mfa.activate(accountId, await totpCodeAt(secret, setup.clock.now()));
  return { ...setup, secret, codes };
}

describe('login screen', () => {
  it('signs in with email and password and shows the projects with the account in the header', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    const project = await core.projects.create({ name: 'Analytics' });
    await core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
    harness = await renderDashboard(core);
    const loginFrame = await harness.waitFor('Sign in to Keboola Connection');
    expect(loginFrame).toContain('Keboola Connection · Account');
    await login(harness, EMAIL, PASSWORD);
    const frame = await harness.waitFor('Your projects');
    expect(frame).toContain(EMAIL);
    await harness.waitFor('Analytics');
    expect(harness.frame()).toContain('admin');
  });

  it('masks the password as it is typed', async () => {
    const { core } = testCore();
    harness = await renderDashboard(core);
    await harness.waitFor('Sign in');
    await harness.press(EMAIL);
    await harness.press(KEY.tab);
    await harness.press('secret');
    const frame = await harness.waitFor('••••••');
    expect(frame).not.toContain('secret');
  });

  it('says the email or password is incorrect, the same for an unknown email', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    harness = await renderDashboard(core);
    await login(harness, EMAIL, 'wrong password here');
    await harness.waitFor('The email or password is incorrect.');
    // The password field is cleared; the email stays for the next try.
    await harness.press('still wrong password');
    await harness.press(KEY.enter);
    await harness.waitFor('The email or password is incorrect.');
  });

  it('after a refused sign-in, focuses the cleared password and drops the message once it is typed again', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    harness = await renderDashboard(core);
    await harness.waitFor('Sign in to Keboola Connection');
    await harness.press(EMAIL);
    await harness.press(KEY.tab);
    await harness.press('wrong password here');
    await harness.press(KEY.enter);
    await harness.waitFor('The email or password is incorrect.');
    expect(harness.frame()).toMatch(/❯ Password/);
    // Moving to the email and back keeps it; typing in the password (the field at fault) clears it.
    await harness.press(KEY.tab);
    await harness.waitFor('❯ Email');
    expect(harness.frame()).toContain('The email or password is incorrect.');
    await harness.press(KEY.tab);
    await harness.waitFor('❯ Password');
    await harness.press('x');
    await harness.waitUntil((frame) => !frame.includes('The email or password is incorrect.'), 'the message gone');
  });

  it('says the store has no accounts yet, and how to create one, instead of a failed sign-in', async () => {
    const { core } = testCore();
    harness = await renderDashboard(core);
    const frame = flat(await harness.waitFor('This store has no accounts yet'));
    expect(frame).toContain('kbc-account admin account create');
    expect(frame).toContain('npm start');
    await login(harness, EMAIL, PASSWORD);
    await harness.waitUntil((shown) => !shown.includes('Signing in…'), 'the sign-in to finish');
    expect(harness.frame()).toContain('This store has no accounts yet');
    expect(harness.frame()).not.toContain('The email or password is incorrect.');

    // The operator creates the first account meanwhile: the notice goes, and signing in works.
    await makeAccount(core, EMAIL);
    await harness.waitUntil((shown) => !shown.includes('This store has no accounts yet'), 'the notice to go');
    await harness.press(PASSWORD);
    await harness.press(KEY.enter);
    await harness.waitFor('Your projects');
  });

  it('never says the store is empty when it has accounts, whatever email is tried', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    harness = await renderDashboard(core);
    await login(harness, 'nobody@example.com', PASSWORD);
    await harness.waitFor('The email or password is incorrect.');
    expect(harness.frame()).not.toContain('no accounts');
  });

  it('tells when to try again after too many failures, the same for an unknown email', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (const email of [EMAIL, 'nobody@example.com']) {
      for (let attempt = 0; attempt < MAX_FAILED_LOGINS; attempt += 1) {
        await core.accounts.login({ email, password: 'not the password' }).catch(() => undefined);
      }
    }
    for (const email of [EMAIL, 'nobody@example.com']) {
      harness = await renderDashboard(core);
      await login(harness, email, PASSWORD);
      const frame = await harness.waitFor('Try again at');
      expect(flat(frame)).toMatch(new RegExp(`Too many failed attempts\\. Try again at \\d\\d:\\d\\d [A-Z][A-Za-z0-9+-]+ \\(in ${LOGIN_FIRST_DELAY_MINUTES} minute\\)`));
      await harness.unmount();
    }
  });

  it('asks for the authenticator code when MFA is on and signs in with a computed code', async () => {
    const { core, clock, secret } = await mfaAccount();
    // The activation used this time step's code; a login needs the next one.
    clock.advance({ seconds: 30 });
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication for');
    await harness.press('000000');
    await harness.press(KEY.enter);
    await harness.waitFor('That code is not valid.');
    await harness.press(await totpCodeAt(secret, clock.now()));
    await harness.press(KEY.enter);
    await harness.waitFor('Your projects');
  });

  it('drops a refused code’s message once the next code is typed', async () => {
    const { core } = await mfaAccount();
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication for');
    await harness.press('000000');
    await harness.press(KEY.enter);
    await harness.waitFor('That code is not valid.');
    expect(harness.frame()).toMatch(/❯ Code/);
    await harness.press('1');
    await harness.waitUntil((frame) => !frame.includes('That code is not valid.'), 'the message gone');
  });

  it('accepts a recovery code instead of the authenticator code, and says how many are left', async () => {
    const { core, codes: [recovery] } = await mfaAccount();
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication');
    await harness.press(recovery!);
    await harness.press(KEY.enter);
    const frame = await harness.waitFor('Signed in with a recovery code');
    expect(frame).toContain(`You have ${RECOVERY_CODE_COUNT - 1} recovery codes left.`);
    expect(frame).not.toContain('Regenerate them');
    await harness.press(KEY.enter);
    await harness.waitFor('Your projects');
  });

  it('suggests regenerating the recovery codes after signing in with one when 3 or fewer are left', async () => {
    const { core, codes } = await mfaAccount();
    // Use all but four through the core, so the dashboard's sign-in leaves exactly three.
    for (const code of codes.slice(0, RECOVERY_CODE_COUNT - RECOVERY_CODES_LOW - 1)) {
      const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
      if (started.status === 'mfa_required') await core.accounts.completeMfaLogin({ challenge: started.challenge, code });
    }
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication');
    await harness.press(codes[RECOVERY_CODE_COUNT - RECOVERY_CODES_LOW - 1]!);
    await harness.press(KEY.enter);
    const frame = flat(await harness.waitFor('Signed in with a recovery code'));
    expect(frame).toContain(`You have ${RECOVERY_CODES_LOW} recovery codes left.`);
    expect(frame).toContain('Regenerate them now: Account Settings › Account & Security › Regenerate recovery codes.');
    await harness.press(KEY.enter);
    await harness.waitFor('Your projects');
  });

  it('says a recovery code was already used, and how many are left, instead of "wait for the next code"', async () => {
    const { core, codes: [used] } = await mfaAccount();
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status === 'mfa_required') await core.accounts.completeMfaLogin({ challenge: started.challenge, code: used! });
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication');
    await harness.press(used!);
    await harness.press(KEY.enter);
    const frame = flat(await harness.waitFor('already used'));
    expect(frame).toContain(`That recovery code was already used; you have ${RECOVERY_CODE_COUNT - 1} unused recovery codes left.`);
    expect(frame).not.toContain('next code');
  });

  it('goes back to the password step with Esc from the code step', async () => {
    const { core } = await mfaAccount();
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Multi-factor authentication');
    await harness.press(KEY.escape);
    await harness.waitUntil((frame) => !frame.includes('Multi-factor authentication for') && frame.includes('Password'), 'the password step');
    // The email is kept and the password field has the focus: only the password is typed again.
    expect(harness.frame()).toMatch(new RegExp(`^\\s*│\\s+Email\\s+${EMAIL.replace('.', '\\.')}`, 'm'));
    expect(harness.frame()).toMatch(/❯ Password/);
    await harness.press(PASSWORD);
    await harness.press(KEY.enter);
    await harness.waitFor('Multi-factor authentication for');
  });

  it('shows the demo login in demo mode', async () => {
    const { core } = testCore();
    harness = await renderDashboard(core, { demo: { email: 'demo@keboola.example', password: 'demo pass phrase' } });
    const frame = await harness.waitFor('Demo mode');
    expect(frame).toContain('demo@keboola.example');
    expect(frame).toContain('demo pass phrase');
  });
});
