import { TOKEN_REMINDER_DAYS, type AccountSummary, type Core } from '../../core/index.ts';
import type { AccountOverview } from '../views/overview.ts';

/** "Expiring soon" means within the first reminder's window: 7 days. */
export const EXPIRING_SOON_DAYS = TOKEN_REMINDER_DAYS['7d'];
const MS_PER_DAY = 86_400_000;

/** What `/kbc status` and the Home tab show, read from the core (cached reads, no lock). */
export async function loadOverview(core: Core, account: AccountSummary): Promise<AccountOverview> {
  const now = core.clock.now();
  const [unread, pending, tokens] = await Promise.all([
    core.notifications.unreadCount(account.id),
    core.invitations.listPending(account.id),
    core.tokens.list(account.id),
  ]);
  const horizon = now.getTime() + EXPIRING_SOON_DAYS * MS_PER_DAY;
  const expiringTokens = tokens
    .filter((token) => !token.expired && new Date(token.expiresAt).getTime() <= horizon)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  return { account, unread, pending, expiringTokens, now };
}
