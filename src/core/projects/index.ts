export type { ProjectsService } from './service.ts';
export type { ProjectView } from './model.ts';
