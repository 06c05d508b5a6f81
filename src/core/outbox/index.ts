export type { OutboxService } from './service.ts';
