import { Box, Text } from 'ink';
import type { AccountNotificationView } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useKeyHints, QUIT_HINT } from '../../layout-context.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { dateTime, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import { KIND_COLOURS } from './NotificationRow.tsx';

export interface NotificationDetailProps {
  readonly notification: AccountNotificationView;
  /** Marking it read failed (it expired meanwhile, say). */
  readonly error: unknown;
  readonly active: boolean;
  /** Back to the list (Esc). */
  readonly onClose: () => void;
}

/** Who a notification went to, in words. */
function audienceText(notification: AccountNotificationView): string {
  const audience = notification.audience;
  if (audience.type === 'project') return `the members of ${audience.projectName ?? 'a project you left'}`;
  if (audience.type === 'accounts') return 'you';
  return 'everyone';
}

/** One notification in full: kind, title, when and to whom, the message and the link. */
export function NotificationDetail({ notification, error, active, onClose }: NotificationDetailProps) {
  const core = useCore();
  const globalKeys = useGlobalKeys(onClose);
  useKeyHints([{ key: 'Esc/←', label: 'back to the list' }, QUIT_HINT], active);
  useKeys((input, key) => void globalKeys(input, key), { isActive: active });
  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={KIND_COLOURS[notification.kind]} bold>
          {notification.kind.toUpperCase()}
        </Text>
        <Text color="gray">
          {' · '}
          {notification.source === 'system' ? 'generated automatically' : 'from Keboola'} · to {audienceText(notification)}
        </Text>
      </Text>
      <Text bold>{notification.title}</Text>
      <Text color="gray">
        Published {relative(notification.publishedAt, now)} ({dateTime(notification.publishedAt)})
        {notification.expiresAt ? ` · shown until ${dateTime(notification.expiresAt)}` : ''}
      </Text>
      <Text> </Text>
      <Text>{notification.message}</Text>
      <Text> </Text>
      {notification.link ? (
        <Text>
          <Text color="gray">More: </Text>
          <Text color="cyan" underline>
            {notification.link}
          </Text>
        </Text>
      ) : null}
      <Text> </Text>
      <ErrorBanner error={error} />
    </Box>
  );
}
