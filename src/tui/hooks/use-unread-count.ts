import { useCore } from '../context.tsx';
import { usePoll } from './use-poll.ts';

/** Unread notifications of `accountId` (0 when nobody is logged in), re-read with the live data. */
export function useUnreadCount(accountId: string | null): number {
  const core = useCore();
  // Not read at all on the login screen: a read there would only re-render the whole frame with 0.
  const { data } = usePoll(async () => (accountId === null ? 0 : core.notifications.unreadCount(accountId)), [accountId], { enabled: accountId !== null });
  return accountId === null ? 0 : (data ?? 0);
}
