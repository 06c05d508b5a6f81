export type { SlackEventsService } from './service.ts';
export { SLACK_EVENT_MEMORY_MINUTES } from './constants.ts';
