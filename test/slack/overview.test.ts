import { describe, expect, it } from 'vitest';
import { FakeClock, type AccountSummary, type Core, type TokenView } from '../../src/core/index.ts';
import { loadOverview } from '../../src/slack/surfaces/overview.ts';

describe('tokens expiring soon', () => {
  const account = { id: 'acc_1', email: 'ann@example.com', mfaEnabled: true } as AccountSummary;
  const token = (id: string, expiresAt: string, flags: { expired?: boolean; expiringSoon: boolean }): TokenView => ({
    id, description: id, hint: 'abcd', createdAt: '2026-01-01T00:00:00.000Z', expiresAt, lastUsedAt: null, expired: flags.expired ?? false, expiringSoon: flags.expiringSoon,
  });

  it("follow the core's expiringSoon flag, soonest first, instead of a rule of their own", async () => {
    const clock = new FakeClock('2026-01-15T09:00:00.000Z');
    const tokens = [
      token('later', '2026-02-01T00:00:00.000Z', { expiringSoon: true }),
      token('soon', '2026-01-20T00:00:00.000Z', { expiringSoon: true }),
      token('not flagged', '2026-01-16T00:00:00.000Z', { expiringSoon: false }),
      token('expired', '2026-01-14T00:00:00.000Z', { expired: true, expiringSoon: false }),
    ];
    // A hand-made core exposing only what the overview reads: the flag is the core's policy.
    const core = {
      clock,
      notifications: { unreadCount: async () => 0 },
      invitations: { listPending: async () => [] },
      tokens: { list: async () => tokens },
    } as unknown as Core;
    const overview = await loadOverview(core, account);
    expect(overview.expiringTokens.map((each) => each.id)).toEqual(['soon', 'later']);
  });
});
