/**
 * The core's light public entry: the names, limits and date rule a front end needs to describe its
 * commands and forms (`kbc-account --help`), without loading what index.ts does (zod, the stores,
 * argon2, the password dictionaries): about a second of CPU that `--help` should not pay. Nothing
 * here may import a module that does; test/cli/startup.test.ts checks it.
 */
export { ROLES, NOTIFICATION_KINDS } from './store/enums.ts';
export { PROJECT_NAME_MAX_LENGTH, DEFAULT_MEMBER_ROLE, MEMBERSHIP_MAX_DAYS, MFA_DEADLINE_DEFAULT_DAYS } from './projects/constants.ts';
export { NOTIFICATION_TITLE_MAX_LENGTH, NOTIFICATION_MESSAGE_MAX_LENGTH } from './notifications/constants.ts';
export {
  INVITATION_DEFAULT_EXPIRY_DAYS,
  INVITATION_DEFAULT_ROLE,
  INVITATION_MAX_EXPIRY_DAYS,
  INVITATION_MIN_EXPIRY_DAYS,
  INVITATION_STATES,
} from './invitations/constants.ts';
export { endOfUtcDay } from './shared/time.ts';
