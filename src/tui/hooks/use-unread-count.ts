import { useCore } from '../context.tsx';
import { usePoll } from './use-poll.ts';

/** Unread notifications of `accountId` (0 when nobody is logged in), re-read with the live data. */
export function useUnreadCount(accountId: string | null): number {
  const core = useCore();
  const { data } = usePoll(async () => (accountId === null ? 0 : core.notifications.unreadCount(accountId)), [accountId]);
  return data ?? 0;
}
