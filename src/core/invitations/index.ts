export type { InvitationsService } from './service.ts';
