export type { NotificationsService } from './service.ts';
