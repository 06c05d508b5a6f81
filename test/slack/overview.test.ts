import { describe, expect, it } from 'vitest';
import { loadOverview } from '../../src/slack/surfaces/overview.ts';
import { makeAccount, testCore } from '../support/core.ts';

describe('tokens expiring soon', () => {
  it("follow the core's expiringSoon flag, soonest first, instead of a rule of their own", async () => {
    const { core, clock } = testCore('2026-01-15T09:00:00.000Z');
    const ann = await makeAccount(core, 'ann@example.com');
    await core.tokens.create(ann, { description: 'expired', expiresInDays: 1 });
    clock.advance({ days: 2 });
    await core.tokens.create(ann, { description: 'later', expiresInDays: 6 });
    await core.tokens.create(ann, { description: 'soon', expiresInDays: 2 });
    await core.tokens.create(ann, { description: 'not soon', expiresInDays: 30 });

    const overview = await loadOverview(core, await core.accounts.get(ann));
    expect(overview.expiringTokens.map((token) => token.description)).toEqual(['soon', 'later']);
    expect((await core.tokens.list(ann)).filter((token) => token.expiringSoon).map((token) => token.description).sort()).toEqual(['later', 'soon']);
  });
});
