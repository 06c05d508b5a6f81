import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

const NOW = '2026-01-15T09:00:00.000Z';
const MINUTE = 60_000;

async function setup() {
  const t = testCore(NOW);
  await t.core.promo.create({ code: 'HACK2042', description: 'Hackathon', project: { namePrefix: 'Hack: ', limits: {}, expiresInDays: null } });
  const ann = await makeAccount(t.core, 'ann@example.com');
  const bob = await makeAccount(t.core, 'bob@example.com');
  return { ...t, ann, bob };
}

const redeem = (core: ReturnType<typeof testCore>['core'], accountId: string, code: string) =>
  core.promo.redeem(accountId, { code, projectName: 'mine' }).then(
    () => ({ code: 'REDEEMED' }),
    (e: { code: string; details: unknown }) => ({ code: e.code, details: e.details }),
  );

describe('promo code guesses', () => {
  it('refuses guesses after 5 unknown codes with TOO_MANY_ATTEMPTS, even the right code, until the wait passed', async () => {
    const { core, clock, ann } = await setup();
    for (let i = 0; i < 4; i++) expect(await redeem(core, ann, `HACK20${i}0`)).toMatchObject({ code: 'PROMO_CODE_UNKNOWN' });
    const retryAfter = new Date(clock.now().getTime() + MINUTE).toISOString();
    expect(await redeem(core, ann, 'HACK2041')).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'promo', retryAfter } });
    expect(await redeem(core, ann, 'HACK2042')).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'promo', retryAfter } });
    clock.advance({ minutes: 1 });
    expect(await redeem(core, ann, 'HACK2042')).toEqual({ code: 'REDEEMED' });
  });

  it('doubles the wait with each further unknown code, up to an hour', async () => {
    const { core, clock, ann } = await setup();
    for (let i = 0; i < 4; i++) await redeem(core, ann, `GUESS${i}`);
    for (const minutes of [1, 2, 4, 8, 16, 32, 60, 60]) {
      const retryAfter = new Date(clock.now().getTime() + minutes * MINUTE).toISOString();
      expect(await redeem(core, ann, `GUESS-${minutes}`)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfter } });
      clock.advance({ minutes });
    }
  });

  it('throttles per account: another account still redeems', async () => {
    const { core, ann, bob } = await setup();
    for (let i = 0; i < 5; i++) await redeem(core, ann, `GUESS${i}`);
    expect(await redeem(core, ann, 'HACK2042')).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(await redeem(core, bob, 'HACK2042')).toEqual({ code: 'REDEEMED' });
  });

  it('makes no store write for a flood of guesses once a wait runs, and records one promo.throttled event', async () => {
    const { core, store, ann } = await setup();
    for (let i = 0; i < 5; i++) await redeem(core, ann, `GUESS${i}`);
    const before = await store.changeSignal();
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => redeem(core, ann, `FLOOD${i}`)));
    expect(new Set(flood.map((outcome) => outcome.code))).toEqual(new Set(['TOO_MANY_ATTEMPTS']));
    expect(await store.changeSignal()).toBe(before);
    const events = (await core.accounts.securityActivity(ann)).filter((e) => e.type === 'promo.throttled');
    expect(events).toEqual([expect.objectContaining({ details: { failures: 5, retryAfter: expect.any(String) } })]);
  });

  it('counts no more than the free guesses plus one when they arrive in parallel', async () => {
    const { core, ann } = await setup();
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => redeem(core, ann, `PAR${i}`)));
    expect(outcomes.filter((o) => o.code === 'PROMO_CODE_UNKNOWN')).toHaveLength(4);
    expect(outcomes.filter((o) => o.code === 'TOO_MANY_ATTEMPTS')).toHaveLength(26);
    expect((await core.accounts.securityActivity(ann)).filter((e) => e.type === 'promo.throttled')).toHaveLength(1);
  });
});
