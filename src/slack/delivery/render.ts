import type { AccountNotificationView, InvitationView } from '../../core/index.ts';
import type { MessageContent } from '../views/blocks.ts';
import { fromInvitationView, invitationMessage, invitationSummaryMessage } from '../views/invitations.ts';
import { joinRequestMessage } from '../views/join-requests.ts';
import { linkedMessage, unlinkedMessage } from '../views/notice.ts';
import { notificationMessage } from '../views/notifications.ts';
import { tokenExpiringMessage, type ReminderState } from '../views/tokens.ts';
import type { OutboxMessage } from './payloads.ts';
import { membershipExpiringMessage, mfaDeadlineMessage, type MembershipState, type MfaDeadlineState } from '../views/reminders.ts';

/** What the core says about the entry's subject now, read by the sender just before it sends. */
export interface CurrentState {
  /** The notification as the account sees it, or null when it is gone. */
  readonly notification?: AccountNotificationView | null;
  /** The invitation as it stands, or null when the core no longer shows it to the account. */
  readonly invitation?: InvitationView | null;
  /** How a reminded token stands. @default 'live' */
  readonly reminder?: ReminderState;
  /** How a reminded membership stands. @default live */
  readonly membership?: MembershipState;
  /** How an MFA deadline stands for the member. @default 'live' */
  readonly mfaDeadline?: MfaDeadlineState;
}

/**
 * The Slack message for an outbox entry. An invitation is shown as it stands at delivery (an entry
 * queued while it was pending, delivered after it expired or was answered, gets no live buttons);
 * the entry's payload is used only when the core no longer has it for the account. A
 * notification is shown in full when the core still has it for the account, else by the title
 * the outbox carried.
 */
export function renderOutboxMessage(message: OutboxMessage, now: Date, current: CurrentState = {}, projectBaseUrl: string | null = null): MessageContent {
  const { notification = null, invitation = null } = current;
  if (invitation && (message.kind === 'invitation.created' || message.kind === 'invitation.answered' || message.kind === 'invitation.cancelled')) {
    const { info, outcome } = fromInvitationView(invitation, message.kind === 'invitation.answered' && message.alreadyMember);
    // The project's page was linked on the queued message (withProjectLinks).
    return invitationMessage({ ...info, projectUrl: message.info.projectUrl ?? null }, outcome);
  }
  switch (message.kind) {
    case 'invitation.created':
      return invitationMessage(message.info, { status: 'pending' });
    case 'invitation.answered':
      return invitationMessage(
        message.info,
        message.outcome === 'accepted' ? { status: 'accepted', at: message.at, alreadyMember: message.alreadyMember } : { status: 'declined', at: message.at },
      );
    case 'invitation.cancelled':
      return invitationMessage(message.info, { status: 'cancelled', at: message.at });
    case 'join-request.created':
    case 'join-request.answered':
      return joinRequestMessage(message.info, now);
    case 'invitation.summary':
      return invitationSummaryMessage(message.summary);
    case 'notification.published': {
      const info = notification ? { ...notification, notificationId: notification.id } : message.info;
      return notificationMessage(info, notification?.read ?? false);
    }
    case 'token.expiring':
      return tokenExpiringMessage(message.info, now, current.reminder ?? 'live');
    case 'membership.expiring':
      return membershipExpiringMessage(message.info, now, current.membership ?? { kind: 'live' }, projectBaseUrl);
    case 'project.mfa-required':
      return mfaDeadlineMessage(message.info, now, current.mfaDeadline ?? 'live', projectBaseUrl);
    case 'slack.linked':
      return linkedMessage(message.email);
    case 'slack.unlinked':
      return unlinkedMessage(message.info);
  }
}
