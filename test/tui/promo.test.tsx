import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'hacker@example.com';
const CODE = 'HACKATHON2026';

/** An account and a code that makes 30-day "Hackathon: …" projects with two limits. */
async function setup() {
  const base = testCore();
  const accountId = await makeAccount(base.core, EMAIL);
  await base.core.promo.create({ code: CODE, maxUses: 100, project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 5, users: 3 }, expiresInDays: 30 } });
  return { ...base, accountId };
}

/** Logs in and opens Account Settings › Promo Codes with the code field focused. */
async function openPromo(core: Core) {
  harness = await renderDashboard(core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.waitFor('Enter/→ open');
  await harness.press('5');
  await harness.waitFor('❯ Promo code');
  return harness;
}

/** Types the code, Enter, the project name, Enter. */
async function redeem(h: Harness, code: string, name: string) {
  await h.press(code);
  await h.press(KEY.enter);
  await h.waitFor('❯ New project name');
  await h.press(name);
  await h.press(KEY.enter);
}

describe('promo codes', () => {
  it('says in one line that a code creates a new project and is never applied to an existing one', async () => {
    const { core } = await setup();
    const h = await openPromo(core);
    const frame = flat(h.frame());
    expect(frame).toContain('A promo code creates a NEW project for you; it is never applied to an existing project.');
    expect(frame).toContain('You have not redeemed a promo code yet.');
    expect(frame).toContain('Enter next');
    expect(frame).toContain('Esc sections');
  });

  it('redeems a code: the new project exists with the account as admin, and it opens', async () => {
    const { core, accountId } = await setup();
    const h = await openPromo(core);
    await h.press('hackathon2026');
    await h.press(KEY.tab);
    await h.waitFor('Enter create project');
    await h.press('Churn experiments');
    await h.press(KEY.enter);
    const frame = await h.waitFor('Limits & usage');
    expect(frame).toContain('Home › Account Settings › Hackathon: Churn experiments');
    expect(frame).toMatch(/hacker@example\.com\s+admin/);
    expect(frame).toContain('expires in about 1 month (14 Feb 2026)');
    const projects = await core.projects.listForAccount(accountId);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'Hackathon: Churn experiments', limits: { storage_gb: 5, users: 3 } });
    expect(projects[0]!.members).toEqual([expect.objectContaining({ accountId, role: 'admin' })]);
    await expect(core.promo.redemptions(accountId)).resolves.toEqual([expect.objectContaining({ code: CODE, projectId: projects[0]!.id })]);
  });

  it('lists past redemptions with the code, the project and when; Esc from the project comes back to them', async () => {
    const { core, accountId, clock } = await setup();
    await core.promo.create({ code: 'POC-ACME', project: { namePrefix: 'PoC: ' } });
    await core.promo.redeem(accountId, { code: 'POC-ACME', projectName: 'Acme' });
    clock.advance({ days: 3 });
    const h = await openPromo(core);
    const before = flat(await h.waitFor('POC-ACME'));
    expect(before).toMatch(/POC-ACME PoC: Acme 3 days ago \(15 Jan 2026\)/);
    await redeem(h, CODE, 'Forecasts');
    await h.waitFor('Limits & usage');
    await h.press(KEY.escape);
    await h.waitFor('❯ 5 Promo Codes');
    const after = flat(await h.waitFor('Hackathon: Forecasts'));
    expect(after).toMatch(/HACKATHON2026 Hackathon: Forecasts less than a minute ago \(18 Jan 2026\).*POC-ACME PoC: Acme/);
  });

  it('asks for both fields before calling the core', async () => {
    const { core, accountId } = await setup();
    const h = await openPromo(core);
    await h.press(KEY.tab);
    await h.press(KEY.enter);
    await h.waitFor('✖ Enter the promo code.');
    expect(h.frame()).toContain('❯ Promo code');
    await h.press(CODE);
    await h.press(KEY.tab);
    await h.press(KEY.enter);
    await h.waitFor('✖ Enter a name for the new project.');
    await expect(core.projects.listForAccount(accountId)).resolves.toEqual([]);
  });

  it('leaves the form with Esc', async () => {
    const { core } = await setup();
    const h = await openPromo(core);
    await h.press('typed');
    await h.press(KEY.escape);
    await h.waitFor('Enter/→ open');
  });
});

describe('promo code errors', () => {
  /** Redeems `code` as `name` in a fresh dashboard and returns the core and the frame with the error. */
  async function failing(prepare: (ready: Awaited<ReturnType<typeof setup>>) => Promise<unknown> | void, code: string, name: string, message: string) {
    const base = await setup();
    await prepare(base);
    const h = await openPromo(base.core);
    await redeem(h, code, name);
    const frame = await h.waitFor(`✖ ${message}`);
    expect(frame).not.toContain('Limits & usage');
    return { ...base, h, frame };
  }

  it('says there is no such code, with the typed values kept and the code field focused', async () => {
    const { h, core, accountId } = await failing(() => undefined, 'NOPE-123', 'Forecasts', 'There is no such promo code. Check the spelling.');
    const frame = flat(h.frame());
    expect(frame).toContain('❯ Promo code NOPE-123');
    expect(frame).toContain('Forecasts');
    await expect(core.projects.listForAccount(accountId)).resolves.toEqual([]);
  });

  it('says the code has expired', async () => {
    await failing(
      async ({ core, clock }) => {
        await core.promo.create({ code: 'SPRING', expiresAt: new Date(clock.now().getTime() + 86_400_000) });
        clock.advance({ days: 2 });
      },
      'SPRING',
      'Forecasts',
      'That promo code has expired.',
    );
  });

  it('says the code has been used up', async () => {
    await failing(
      async ({ core }) => {
        await core.promo.create({ code: 'ONCE', maxUses: 1 });
        const other = await makeAccount(core, 'first@example.com');
        await core.promo.redeem(other, { code: 'ONCE', projectName: 'First' });
      },
      'ONCE',
      'Forecasts',
      'That promo code has been used up.',
    );
  });

  it('says the account already redeemed the code', async () => {
    const { core, accountId } = await failing(({ core, accountId }) => core.promo.redeem(accountId, { code: CODE, projectName: 'Earlier' }), CODE, 'Again', 'You have already redeemed that promo code.');
    await expect(core.projects.listForAccount(accountId)).resolves.toHaveLength(1);
  });

  it('says the project name is not valid and moves to the name field', async () => {
    const { h } = await failing(() => undefined, CODE, 'x'.repeat(101), 'A project name must be 1–100 characters');
    expect(h.frame()).toContain('❯ New project name');
  });

  it('clears the message once the field at fault changes, and only then', async () => {
    const { h } = await failing(() => undefined, 'NOPE-123', 'Forecasts', 'There is no such promo code. Check the spelling.');
    // Moving about keeps it; the name field is not at fault.
    await h.press(KEY.tab);
    await h.press('!');
    expect(h.frame()).toContain('✖ There is no such promo code.');
    await h.press(KEY.tab);
    await h.waitFor('❯ Promo code');
    await h.press(KEY.backspace);
    await h.waitUntil((frame) => !frame.includes('✖'), 'the message gone');
  });

  it('a missing field is asked for at that field, and the message goes as it is typed in', async () => {
    const { core } = await setup();
    const h = await openPromo(core);
    await h.press(CODE);
    await h.press(KEY.tab);
    await h.press(KEY.enter);
    await h.waitFor('✖ Enter a name for the new project.');
    expect(h.frame()).toContain('❯ New project name');
    await h.press('F');
    await h.waitUntil((frame) => !frame.includes('✖'), 'the message gone');
  });
});
