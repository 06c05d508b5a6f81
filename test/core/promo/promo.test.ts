import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/core/store/indexes.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { makeAccount, stored, testCore } from '../../support/core.ts';

const NOW = '2026-01-15T09:00:00.000Z';

/** Every stored promo code, by the index that files them all. */
const allCodes = (store: Store) => store.view(async (view) => (await view.page('promoCodes', 'all', { key: ALL, limit: 1000 })).items.map((promo) => promo.code));

/** Every stored project, by the index that files them all. */
const allProjects = (store: Store) => store.view(async (view) => (await view.page('projects', 'all', { key: ALL, limit: 1000 })).items);

describe('creating promo codes', () => {
  it('stores the code upper-cased with its project template and lists it', async () => {
    const { core, store } = testCore(NOW);
    const created = await core.promo.create({
      code: 'hack-2026_a',
      description: '  Hackathon 2026 ',
      maxUses: 50,
      expiresAt: new Date('2026-03-01T00:00:00Z'),
      project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 10, users: 5 }, expiresInDays: 30 },
    });
    expect(created).toEqual({
      code: 'HACK-2026_A',
      description: 'Hackathon 2026',
      uses: 0,
      maxUses: 50,
      usedUp: false,
      expiresAt: '2026-03-01T00:00:00.000Z',
      expired: false,
      createdAt: NOW,
      project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 10, users: 5 }, expiresInDays: 30 },
    });
    expect(await allCodes(store)).toEqual(['HACK-2026_A']);
    expect(await core.promo.list()).toEqual({ items: [created], next: null });
  });

  it('defaults to unlimited uses, no expiry and a plain project', async () => {
    const { core } = testCore(NOW);
    expect(await core.promo.create({ code: 'POC' })).toMatchObject({
      maxUses: null,
      expiresAt: null,
      description: '',
      project: { namePrefix: '', limits: {}, expiresInDays: null },
    });
  });

  it('lists newest first with uses and expiry state', async () => {
    const { core, clock } = testCore(NOW);
    await core.promo.create({ code: 'OLD', expiresAt: new Date('2026-01-16T00:00:00Z') });
    clock.advance({ hours: 1 });
    await core.promo.create({ code: 'NEW', maxUses: 1 });
    await core.promo.redeem(await makeAccount(core, 'ann@example.com'), { code: 'new', projectName: 'P' });
    clock.advance({ days: 2 });
    expect((await core.promo.list()).items.map((c) => [c.code, c.uses, c.maxUses, c.usedUp, c.expired])).toEqual([
      ['NEW', 1, 1, true, false],
      ['OLD', 0, null, false, true],
    ]);
  });

  it('lists a page at a time, newest first, continuing after the cursor', async () => {
    const { core, clock } = testCore(NOW);
    for (const code of ['AAA', 'BBB', 'CCC', 'DDD', 'EEE']) {
      await core.promo.create({ code });
      clock.advance({ minutes: 1 });
    }
    const first = await core.promo.list({ limit: 2 });
    expect(first.items.map((c) => c.code)).toEqual(['EEE', 'DDD']);
    expect(first.next).toEqual(expect.any(String));
    const second = await core.promo.list({ limit: 2, after: first.next });
    expect(second.items.map((c) => c.code)).toEqual(['CCC', 'BBB']);
    const last = await core.promo.list({ limit: 2, after: second.next });
    expect(last).toMatchObject({ items: [{ code: 'AAA' }], next: null });
    expect((await core.promo.list()).items.map((c) => c.code)).toEqual(['EEE', 'DDD', 'CCC', 'BBB', 'AAA']);
    for (const limit of [0, -1, 1.5, 1001]) {
      await expect(core.promo.list({ limit }), String(limit)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });

  it('rejects malformed codes', async () => {
    const { core } = testCore(NOW);
    for (const code of ['ab', 'x'.repeat(33), 'has space', 'ünï', 'a.b.c', '']) {
      await expect(core.promo.create({ code })).rejects.toMatchObject({ code: 'PROMO_CODE_INVALID' });
    }
    expect((await core.promo.create({ code: 'x'.repeat(32) })).code).toBe('X'.repeat(32));
  });

  it('rejects a code that exists in any case', async () => {
    const { core } = testCore(NOW);
    await core.promo.create({ code: 'Spring', maxUses: 3 });
    await expect(core.promo.create({ code: 'SPRING' })).rejects.toMatchObject({ code: 'PROMO_CODE_TAKEN' });
    await expect(core.promo.create({ code: ' spring ' })).rejects.toMatchObject({ code: 'PROMO_CODE_TAKEN' });
    expect((await core.promo.list()).items).toMatchObject([{ code: 'SPRING', maxUses: 3 }]);
  });

  it('rejects non-positive or fractional uses, a past expiry, bad limits and bad project days', async () => {
    const { core, store } = testCore(NOW);
    const cases: [Parameters<typeof core.promo.create>[0], string][] = [
      [{ code: 'AAA', maxUses: 0 }, 'INVALID_INPUT'],
      [{ code: 'AAA', maxUses: -2 }, 'INVALID_INPUT'],
      [{ code: 'AAA', maxUses: 1.5 }, 'INVALID_INPUT'],
      [{ code: 'AAA', expiresAt: new Date(NOW) }, 'INVALID_INPUT'],
      [{ code: 'AAA', expiresAt: new Date('2025-12-31T00:00:00Z') }, 'INVALID_INPUT'],
      [{ code: 'AAA', expiresAt: new Date('nonsense') }, 'INVALID_INPUT'],
      [{ code: 'AAA', project: { limits: { '9lives': 1 } } }, 'INVALID_LIMIT'],
      [{ code: 'AAA', project: { limits: { storage_gb: -1 } } }, 'INVALID_LIMIT'],
      [{ code: 'AAA', project: { expiresInDays: 0 } }, 'INVALID_INPUT'],
      [{ code: 'AAA', project: { expiresInDays: -5 } }, 'INVALID_INPUT'],
      [{ code: 'AAA', project: { expiresInDays: 2.5 } }, 'INVALID_INPUT'],
      [{ code: 'AAA', project: { namePrefix: 'x'.repeat(51) } }, 'INVALID_INPUT'],
      [{ code: 'AAA', project: { namePrefix: ' leading' } }, 'INVALID_INPUT'],
      [{ code: 'AAA', description: 'd'.repeat(201) }, 'INVALID_INPUT'],
    ];
    for (const [input, code] of cases) {
      await expect(core.promo.create(input), JSON.stringify(input)).rejects.toMatchObject({ code });
    }
    expect(await allCodes(store)).toEqual([]);
  });
});

describe('redeeming promo codes', () => {
  it('creates a new project with the account as admin, the limits and the lifetime, in any case of the code', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'HACK', maxUses: 5, project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 10 }, expiresInDays: 30 } });
    const result = await core.promo.redeem(ann, { code: ' hAcK ', projectName: '  Team Rocket ' });
    expect(result).toEqual({
      code: 'HACK',
      projectId: expect.stringMatching(/^prj_/),
      projectNumericId: 1,
      projectName: 'Hackathon: Team Rocket',
      projectExpiresAt: '2026-02-14T09:00:00.000Z',
    });
    const project = await core.projects.get(result.projectId);
    expect(project).toMatchObject({
      name: 'Hackathon: Team Rocket',
      limits: { storage_gb: 10 },
      expiresAt: '2026-02-14T09:00:00.000Z',
      members: [{ accountId: ann, role: 'admin', joinedAt: NOW }],
    });
    expect((await stored(store, 'projects', result.projectId))!.origin).toEqual({ type: 'promo', code: 'HACK', accountId: ann });
    expect((await stored(store, 'promoCodes', 'HACK'))!.uses).toBe(1);
    const [event] = await core.accounts.securityActivity(ann, 1);
    expect(event).toMatchObject({ type: 'promo.redeemed', details: { code: 'HACK', projectId: result.projectId } });
  });

  it('creates a project that does not expire when the code sets no lifetime', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'FOREVER' });
    const result = await core.promo.redeem(ann, { code: 'forever', projectName: 'Mine' });
    expect(result).toMatchObject({ projectName: 'Mine', projectExpiresAt: null });
  });

  it('never touches the projects the account already has', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const existing = await core.projects.create({ name: 'Existing', limits: { users: 1 } });
    await core.promo.create({ code: 'BIGGER', project: { limits: { users: 100 } } });
    const result = await core.promo.redeem(ann, { code: 'BIGGER', projectName: 'Existing' });
    expect(result.projectId).not.toBe(existing.id);
    expect(await core.projects.get(existing.id)).toEqual(existing);
    expect((await core.projects.list()).items.map((p) => p.id).sort()).toEqual([existing.id, result.projectId].sort());
  });

  it('rejects an unknown or malformed code', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'REAL' });
    for (const code of ['NOPE', 'no', 'bad code!', '']) {
      await expect(core.promo.redeem(ann, { code, projectName: 'P' })).rejects.toMatchObject({ code: 'PROMO_CODE_UNKNOWN' });
    }
  });

  it('rejects a code from its expiry on', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'SOON', expiresAt: new Date('2026-01-16T09:00:00Z') });
    clock.set('2026-01-16T09:00:00Z');
    await expect(core.promo.redeem(ann, { code: 'soon', projectName: 'P' })).rejects.toMatchObject({ code: 'PROMO_CODE_EXPIRED' });
  });

  it('rejects a code that reached its maximum uses', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await core.promo.create({ code: 'ONCE', maxUses: 1 });
    await core.promo.redeem(ann, { code: 'ONCE', projectName: 'A' });
    await expect(core.promo.redeem(bob, { code: 'ONCE', projectName: 'B' })).rejects.toMatchObject({ code: 'PROMO_CODE_USED_UP' });
    expect(await allProjects(store)).toHaveLength(1);
  });

  it('lets one account redeem a code once', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await core.promo.create({ code: 'TWICE' });
    await core.promo.redeem(ann, { code: 'TWICE', projectName: 'A' });
    await expect(core.promo.redeem(ann, { code: 'twice', projectName: 'A2' })).rejects.toMatchObject({ code: 'PROMO_CODE_ALREADY_REDEEMED' });
    await expect(core.promo.redeem(bob, { code: 'TWICE', projectName: 'B' })).resolves.toMatchObject({ projectName: 'B' });
  });

  it('gives one of two redemptions of one code by one account at once the project, the other PROMO_CODE_ALREADY_REDEEMED', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'RACE' });
    const results = await Promise.allSettled([
      core.promo.redeem(ann, { code: 'RACE', projectName: 'A' }),
      core.promo.redeem(ann, { code: 'race', projectName: 'B' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code)).toEqual(['PROMO_CODE_ALREADY_REDEEMED']);
    expect(await allProjects(store)).toHaveLength(1);
    expect((await stored(store, 'promoCodes', 'RACE'))!.uses).toBe(1);
    expect(await core.promo.redemptions(ann)).toHaveLength(1);
  });

  it('rejects an empty or over-long project name (prefix included) and changes nothing', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'NAMED', maxUses: 1, project: { namePrefix: 'Hackathon: ' } });
    for (const projectName of ['', '   ', 'x'.repeat(90)]) {
      await expect(core.promo.redeem(ann, { code: 'NAMED', projectName })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    }
    expect(await allProjects(store)).toEqual([]);
    expect((await stored(store, 'promoCodes', 'NAMED'))!.uses).toBe(0);
    // The only code and the only account: no redemption under either.
    await store.view(async (view) => {
      expect(await view.find('promoRedemptions', 'code', 'NAMED')).toEqual([]);
      expect(await view.find('promoRedemptions', 'account', ann)).toEqual([]);
    });
  });

  it('says how long the name may be when the code adds a prefix', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await core.promo.create({ code: 'NAMED', project: { namePrefix: 'Hackathon: ' } });
    await expect(core.promo.redeem(ann, { code: 'NAMED', projectName: 'x'.repeat(90) })).rejects.toMatchObject({
      code: 'PROJECT_NAME_INVALID',
      details: { max: 89, length: 90 },
      message: expect.stringContaining('at most 89 characters'),
    });
    await expect(core.promo.redeem(ann, { code: 'NAMED', projectName: 'x'.repeat(89) })).resolves.toMatchObject({
      projectName: `Hackathon: ${'x'.repeat(89)}`,
    });
  });

  it('refuses an unknown account', async () => {
    const { core } = testCore(NOW);
    await core.promo.create({ code: 'REAL' });
    await expect(core.promo.redeem('acc_nobody', { code: 'REAL', projectName: 'P' })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('keeps a redemption history per account, newest first', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await core.promo.create({ code: 'FIRST' });
    await core.promo.create({ code: 'SECOND', project: { namePrefix: 'S-' } });
    const first = await core.promo.redeem(ann, { code: 'first', projectName: 'One' });
    await core.promo.redeem(bob, { code: 'first', projectName: 'Bob' });
    clock.advance({ hours: 2 });
    const second = await core.promo.redeem(ann, { code: 'second', projectName: 'Two' });
    expect(await core.promo.redemptions(ann)).toEqual([
      { code: 'SECOND', projectId: second.projectId, projectName: 'S-Two', projectNumericId: second.projectNumericId, redeemedAt: '2026-01-15T11:00:00.000Z' },
      { code: 'FIRST', projectId: first.projectId, projectName: 'One', projectNumericId: first.projectNumericId, redeemedAt: NOW },
    ]);
    await expect(core.promo.redemptions('acc_nobody')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});
