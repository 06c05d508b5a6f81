export type { NotificationsService } from './service.ts';
export type { AudienceInput, PublishInput } from './validate.ts';
export type {
  AccountNotificationView,
  MarkAllReadResult,
  NotificationAudienceView,
  NotificationPage,
  NotificationView,
  PublishResult,
} from './views.ts';
export {
  NOTIFICATION_LINK_MAX_LENGTH,
  NOTIFICATION_MESSAGE_MAX_LENGTH,
  NOTIFICATION_PAGE_SIZE_DEFAULT,
  NOTIFICATION_PAGE_SIZE_MAX,
  NOTIFICATION_SEARCH_MAX_LENGTH,
  NOTIFICATION_TITLE_MAX_LENGTH,
} from './constants.ts';
