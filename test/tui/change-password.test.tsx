import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, testCore } from '../support/core.ts';
import { KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'grace@example.com';
const NEW_PASSWORD = 'a much longer passphrase 42';

/** Logs in and opens Account Settings › Account & Security › Change password. */
async function openForm() {
  const setup = testCore();
  await setup.core.accounts.create({ email: EMAIL, name: 'Grace Walker', password: PASSWORD });
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press(KEY.enter);
  await harness.waitFor('❯ Change password');
  await harness.press(KEY.enter);
  await harness.waitFor('Current password');
  return { ...setup, harness };
}

/** Types the three fields, each followed by Enter (the last Enter submits). */
async function submitForm(form: Harness, current: string, next: string, confirm = next) {
  for (const text of [current, next, confirm]) {
    await form.press(text);
    await form.press(KEY.enter);
  }
}

describe('change password', () => {
  it('shows the policy problem while the new password is typed', async () => {
    const { harness } = await openForm();
    await harness.press(KEY.tab);
    await harness.press('short');
    await harness.waitFor('The password must be at least 8 characters long.');
    await harness.press('\x15'); // Ctrl+U clears the field
    await harness.press('password');
    await harness.waitFor('This password is too common');
    await harness.press('\x15');
    await harness.press(EMAIL);
    await harness.waitFor('The password must not be your email address.');
    await harness.press('\x15');
    await harness.press(NEW_PASSWORD);
    await harness.waitFor('Meets the password policy.');
  });

  it('says why a password is too easy to guess while it is typed: the service’s words, the name, a sequence', async () => {
    const { harness } = await openForm();
    await harness.press(KEY.tab);
    await harness.press('keboola123');
    await harness.waitFor('✖ Leave out "Keboola" and other words of this service');
    await harness.press('\x15');
    await harness.press('Grace Walker');
    await harness.waitFor('✖ Leave out your name and email address');
    await harness.press('\x15');
    await harness.press('12345678');
    await harness.waitFor(/✖ (Sequences like|This password is too common)/);
    await harness.press('\x15');
    await harness.press(NEW_PASSWORD);
    await harness.waitFor('✔ Meets the password policy.');
  });

  it('refuses a weak password on Enter with the reason, and changes nothing', async () => {
    const { harness, core } = await openForm();
    await submitForm(harness, PASSWORD, 'aaaaaaaaaa');
    await harness.waitFor('✖ Repeated characters');
    expect(harness.frame()).not.toContain('Password changed');
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('says when the confirmation does not match, before submitting', async () => {
    const { harness } = await openForm();
    await harness.press(PASSWORD);
    await harness.press(KEY.tab);
    await harness.press(NEW_PASSWORD);
    await harness.press(KEY.tab);
    await harness.press('something else');
    await harness.waitFor('The two new passwords do not match.');
    await harness.press(KEY.enter);
    await harness.waitFor('✖ The two new passwords do not match.');
    expect(harness.frame()).not.toContain('Password changed');
  });

  it('says the current password is wrong', async () => {
    const { harness } = await openForm();
    await submitForm(harness, 'not my password', NEW_PASSWORD);
    await harness.waitFor('The current password is incorrect.');
  });

  it('after a wrong current password, focuses that field and drops the message once it is typed again', async () => {
    const { harness } = await openForm();
    await submitForm(harness, 'not my password', NEW_PASSWORD);
    await harness.waitFor('The current password is incorrect.');
    expect(harness.frame()).toContain('❯ Current password');
    // Typing in another field keeps it: that field is not at fault.
    await harness.press(KEY.tab);
    await harness.waitFor('❯ New password');
    await harness.press('!');
    expect(harness.frame()).toContain('The current password is incorrect.');
    await harness.press(KEY.shiftTab);
    await harness.waitFor('❯ Current password');
    await harness.press(PASSWORD);
    await harness.waitUntil((frame) => !frame.includes('The current password is incorrect.'), 'the message gone');
  });

  it('after a mismatch on Enter, focuses the confirmation and drops the message once it changes', async () => {
    const { harness } = await openForm();
    await harness.press(PASSWORD);
    await harness.press(KEY.tab);
    await harness.press(NEW_PASSWORD);
    await harness.press(KEY.tab);
    await harness.press('something else');
    await harness.press(KEY.shiftTab);
    await harness.waitFor('❯ New password');
    await harness.press(KEY.tab);
    await harness.press(KEY.enter);
    // Under the field (as typed) and at the bottom (on Enter).
    await harness.waitUntil((frame) => frame.split('The two new passwords do not match.').length === 3, 'both messages');
    expect(harness.frame()).toContain('❯ Confirm new');
    await harness.press('\x15');
    await harness.press(NEW_PASSWORD);
    await harness.waitUntil((frame) => !frame.includes('do not match'), 'both messages gone');
  });

  it('deletes typed characters with Backspace', async () => {
    const { harness } = await openForm();
    await harness.press(KEY.tab);
    await harness.press('abcdefgh');
    await harness.waitFor('Sequences like "abcd"');
    await harness.press(KEY.backspace);
    await harness.waitFor('at least 8 characters long');
  });

  it('changes the password: the new one signs in, the old one no longer does', async () => {
    const { harness, core } = await openForm();
    await submitForm(harness, PASSWORD, NEW_PASSWORD);
    await harness.waitFor('✔ Password changed.');
    await expect(core.accounts.login({ email: EMAIL, password: NEW_PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('leaves the form with Esc without changing anything', async () => {
    const { harness } = await openForm();
    await harness.press('typed');
    await harness.press(KEY.escape);
    await harness.waitFor('❯ Change password');
    expect(harness.frame()).not.toContain('Current password');
  });
});
