export type { ProjectsService } from './service.ts';
export type { ProjectView } from './model.ts';
export type { UsageResult } from './usage.ts';
export { METRIC_PATTERN, PROJECT_NAME_MAX_LENGTH, DEFAULT_MEMBER_ROLE } from './constants.ts';
