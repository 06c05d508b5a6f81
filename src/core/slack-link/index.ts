export type { SlackLinkService } from './service.ts';
