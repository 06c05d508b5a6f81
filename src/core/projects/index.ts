export type { ProjectsService } from './service.ts';
export type { MemberProjectView, ProjectMemberView, ProjectView } from './model.ts';
export type { MfaRequirementResult } from './service.ts';
export type { UsageResult } from './usage.ts';
export {
  METRIC_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  DEFAULT_MEMBER_ROLE,
  MEMBERSHIP_MAX_DAYS,
  MEMBERSHIP_REMINDER_DAYS,
  MFA_DEADLINE_DEFAULT_DAYS,
  MFA_REQUIRED_MESSAGE,
} from './constants.ts';
