export type { SlackLinkService } from './service.ts';
export type { IssuedLinkCode, LinkedAccountView, SlackLinkView, SlackUser } from './types.ts';
export { LINK_CODE_TTL_MINUTES, LINK_CODE_LENGTH, SLACK_LINKS_PAGE_MAX } from './constants.ts';
