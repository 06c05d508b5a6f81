import type { AccountNotificationView } from '../../core/index.ts';
import type { MessageContent } from '../views/blocks.ts';
import { invitationMessage, invitationSummaryMessage } from '../views/invitations.ts';
import { linkedMessage, unlinkedMessage } from '../views/notice.ts';
import { notificationMessage } from '../views/notifications.ts';
import { tokenExpiringMessage } from '../views/tokens.ts';
import type { OutboxMessage } from './payloads.ts';

/**
 * The Slack message for an outbox entry. A notification is shown in full when the core still has
 * it for the account (`notification`), else by the title the outbox carried.
 */
export function renderOutboxMessage(message: OutboxMessage, now: Date, notification: AccountNotificationView | null = null): MessageContent {
  switch (message.kind) {
    case 'invitation.created':
      return invitationMessage(message.info, { status: 'pending' });
    case 'invitation.answered':
      return invitationMessage(message.info, { status: message.outcome, at: message.at });
    case 'invitation.cancelled':
      return invitationMessage(message.info, { status: 'cancelled', at: message.at });
    case 'invitation.summary':
      return invitationSummaryMessage(message.summary);
    case 'notification.published': {
      const info = notification ? { ...notification, notificationId: notification.id } : message.info;
      return notificationMessage(info, notification?.read ?? false);
    }
    case 'token.expiring':
      return tokenExpiringMessage(message.info, now);
    case 'slack.linked':
      return linkedMessage(message.email);
    case 'slack.unlinked':
      return unlinkedMessage(message.info);
  }
}
