import type { CoreContext } from '../context.ts';
import { requireAccount } from '../accounts/service.ts';
import { isMember, requireProject, toProjectView, insertProject, type ProjectView } from './model.ts';

export function createProjectsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  return {
    /** Operator: creates a project with limits (metric → maximum) and no members yet. */
    async create(input: { name: string; limits?: Readonly<Record<string, number>> }): Promise<ProjectView> {
      const now = clock.now();
      return store.transact((doc) => {
        const project = insertProject(doc, now, random, { name: input.name, limits: input.limits ?? {}, expiresAt: null, origin: { type: 'operator' } });
        return toProjectView(doc, project);
      });
    },

    /** Every project, by name. */
    async list(): Promise<ProjectView[]> {
      const doc = await store.read();
      return Object.values(doc.projects)
        .map((project) => toProjectView(doc, project))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    async get(projectId: string): Promise<ProjectView> {
      const doc = await store.read();
      return toProjectView(doc, requireProject(doc, projectId));
    },

    /** The projects `accountId` is a member of, by name. */
    async listForAccount(accountId: string): Promise<ProjectView[]> {
      const doc = await store.read();
      requireAccount(doc, accountId);
      return Object.values(doc.projects)
        .filter((project) => isMember(project, accountId))
        .map((project) => toProjectView(doc, project))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
