export type { SlackLinkService } from './service.ts';
export type { IssuedLinkCode, SlackLinkView, SlackUser } from './types.ts';
export { LINK_CODE_TTL_MINUTES, LINK_CODE_LENGTH } from './constants.ts';
