import type { CoreContext } from '../context.ts';

export function createProjectsService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
