import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'invitee@example.com';
const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;
const HOME = '\x1b[H';
const END = '\x1b[F';

/** Runs work of another process while the dashboard keeps polling (its updates inside act). */
async function meanwhile<T>(work: () => Promise<T>): Promise<T> {
  let result!: T;
  await act(async () => {
    result = await work();
  });
  return result;
}

async function invite(core: Core, name: string) {
  const project = await core.projects.create({ name });
  return core.invitations.create({ projectId: project.id, email: EMAIL, role: 'guest' });
}

async function signIn(core: Core) {
  harness = await renderDashboard(core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  return harness;
}

/** The selected row's line (the one with the ❯ marker). */
const selectedLine = (frame: string) => frame.split('\n').find((line) => line.includes('❯ ') && !line.includes('Invitations') && !line.includes('Access Tokens')) ?? '';

describe('the highlight follows its item', () => {
  it('keeps the chosen invitation selected when a newer one arrives above it, and Enter asks about that one', async () => {
    const { core, clock } = testCore();
    const accountId = await makeAccount(core, EMAIL);
    await invite(core, 'Alpha Project');
    clock.advance({ minutes: 1 });
    await invite(core, 'Beta Project');
    const h = await signIn(core);
    await h.press('i');
    await h.waitFor('Enter/→ open');
    await h.press(KEY.enter);
    await h.waitFor('Enter/a accept');
    // Newest first: Beta, Alpha. The user picks row 2, Alpha.
    await h.press(KEY.down);
    await h.waitUntil((frame) => selectedLine(frame).includes('Alpha Project'), 'Alpha selected');
    clock.advance({ minutes: 1 });
    await meanwhile(() => invite(core, 'Aardvark Intruder'));
    await h.waitFor('Aardvark Intruder');
    // Row 2 is now Beta; the highlight stayed on Alpha (row 3), and the footer names it.
    expect(selectedLine(h.frame())).toContain('Alpha Project');
    expect(h.frame()).toContain('Enter/a accept Alpha Project');
    await h.press(KEY.enter);
    await h.waitFor('Accept the invitation to Alpha Project?');
    await h.press('n');
    await h.waitFor('Enter/a accept Alpha Project');
    await expect(core.projects.listForAccount(accountId)).resolves.toEqual([]);
  });

  it('keeps the chosen project selected on Home when a project is added above it; Home and End jump to the ends', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (const name of ['Bravo', 'Charlie', 'Delta']) {
      const project = await core.projects.create({ name });
      await core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
    }
    const h = await signIn(core);
    await h.press(END);
    await h.waitUntil((frame) => selectedLine(frame).includes('Delta'), 'End selects the last project');
    await h.press(HOME);
    await h.waitUntil((frame) => selectedLine(frame).includes('Bravo'), 'Home selects the first project');
    await h.press(KEY.down);
    await h.waitUntil((frame) => selectedLine(frame).includes('Charlie'), 'Charlie selected');
    await meanwhile(async () => {
      const project = await core.projects.create({ name: 'Alpha' });
      await core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
    });
    await h.waitFor('Alpha');
    expect(selectedLine(h.frame())).toContain('Charlie');
    await h.press(KEY.enter);
    await h.waitFor('Home › Charlie');
  });

  it('filters a long list with /, Enter keeps the filter, Esc clears it; typed letters are not shortcuts', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (const name of ['Sales Forecast', 'Churn Model', 'Quarterly Sales', 'Marketing']) {
      const project = await core.projects.create({ name });
      await core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
    }
    const h = await signIn(core);
    await h.press('/');
    await h.waitFor('Enter keep');
    // s and q would open settings and quit; here they are the filter's text.
    await h.press('s');
    await h.press('a');
    await h.press('q');
    await h.press(KEY.backspace);
    await h.press('l');
    const filtered = await h.waitFor('/ sal');
    expect(filtered).toContain('Sales Forecast');
    expect(filtered).toContain('Quarterly Sales');
    expect(filtered).not.toContain('Churn Model');
    expect(filtered).not.toContain('Marketing');
    await h.press(KEY.enter);
    await h.waitFor('Esc clears the filter');
    await h.press(KEY.down);
    // By name: Quarterly Sales, then Sales Forecast.
    await h.waitUntil((frame) => selectedLine(frame).includes('Sales Forecast'), 'the second match selected');
    await h.press(KEY.escape);
    await h.waitFor('Churn Model');
    expect(h.frame()).not.toContain('/ sal');
    expect(selectedLine(h.frame())).toContain('Sales Forecast');
    await h.press('/');
    await h.press('zzz');
    await h.waitFor('Nothing matches; 4 in all.');
  });
});

describe('bracketed paste', () => {
  it('puts a multi-line paste into the token description only: the expiry stays 30 days and nothing is created', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, EMAIL);
    const h = await signIn(core);
    await h.press('t');
    await h.waitFor('Enter/→ open');
    await h.press(KEY.enter);
    await h.press('n');
    await h.waitFor('New Management API token');
    await h.press(PASTE('line one\r\nline two\r'));
    const frame = await h.waitFor('line one line two');
    expect(frame).toMatch(/◉ 30 days/);
    expect(frame).toContain('New Management API token');
    await expect(core.tokens.list(accountId)).resolves.toEqual([]);
  });

  it('never submits the promo field nor runs a shortcut; a paste where no field is focused goes nowhere', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, EMAIL);
    const h = await signIn(core);
    // On Home no field has focus: a pasted "q", "s" or Enter does nothing.
    await h.press(PASTE('s\rq'));
    await h.press('i');
    await h.waitFor('Enter/→ open');
    expect(h.frame()).toContain('Account Settings');
    await h.press(KEY.escape);
    await h.waitFor('Your projects');
    await h.press('s');
    await h.waitFor('Enter/→ open');
    await h.press('5');
    await h.waitFor('❯ Promo code');
    await h.press(PASTE('PROMO-ONE\rPROMO-TWO\r'));
    await h.waitFor('PROMO-ONE PROMO-TWO');
    await expect(core.accounts.securityActivity(accountId)).resolves.not.toEqual(expect.arrayContaining([expect.objectContaining({ type: 'promo.throttled' })]));
    expect(flat(h.frame())).not.toContain('✖');
  });
});

describe('Home and End in the menus', () => {
  it('jump to the first and last Account Settings section, and to the first and last Account & Security action', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    const h = await signIn(core);
    await h.press('s');
    await h.waitFor('❯ 1 Account & Security');
    await h.press(END);
    await h.waitFor('❯ 8 Slack Messages');
    await h.press(HOME);
    await h.waitFor('❯ 1 Account & Security');
    await h.press(KEY.enter);
    await h.waitFor('❯ Change password');
    await h.press(END);
    await h.waitFor('❯ Security activity');
    await h.press(HOME);
    await h.waitFor('❯ Change password');
  });
});
