import type { Notification } from '../store/schema.ts';
import type { IndexesOf } from '../store/index-definition.ts';

/** The audience keys a notification is filed under: `all`, `project:ID` or one `account:ID` per account. */
export function audienceKeys(audience: Notification['audience']): string[] {
  switch (audience.type) {
    case 'all':
      return ['all'];
    case 'project':
      return [`project:${audience.projectId}`];
    case 'accounts':
      return audience.accountIds.map((id) => `account:${id}`);
  }
}

/** Notifications by audience key, newest first when paged descending; all of them by time. */
export const notificationIndexes = {
  audience: { keys: (notification) => audienceKeys(notification.audience), sort: (notification) => notification.publishedAt },
  all: { keys: () => ['*'], sort: (notification) => notification.publishedAt },
} as const satisfies IndexesOf<'notifications'>;
