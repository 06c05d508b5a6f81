import type { AccountSummary, Core } from '../../core/index.ts';
import type { AccountOverview } from '../views/overview.ts';

/**
 * What `/kbc status` and the Home tab show, read from the core (cached reads, no lock). "Expiring
 * soon" is the core's judgement (`TokenView.expiringSoon`), so Slack and the dashboard agree.
 */
export async function loadOverview(core: Core, account: AccountSummary): Promise<AccountOverview> {
  const [unread, pending, expiringTokens] = await Promise.all([
    core.notifications.unreadCount(account.id),
    core.invitations.listPending(account.id),
    core.tokens.listExpiringSoon(account.id),
  ]);
  return { account, unread, pending, expiringTokens, now: core.clock.now() };
}
