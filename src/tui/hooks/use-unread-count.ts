import type { AccountScope } from '../../core/index.ts';
import { usePoll } from './use-poll.ts';

/** Unread notifications of the signed-in user (0 when nobody is signed in), re-read with the live data. */
export function useUnreadCount(account: AccountScope | null): number {
  // Not read at all on the login screen: a read there would only re-render the whole frame with 0.
  const { data } = usePoll(async () => (account === null ? 0 : account.notifications.unreadCount()), [account], { enabled: account !== null });
  return account === null ? 0 : (data ?? 0);
}
