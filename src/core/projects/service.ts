import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { requireAccount, requireAccountByEmail } from '../accounts/model.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { addMember, isMember, requireProject, toProjectView, insertProject, validRole, type ProjectView } from './model.ts';
import { applyUsageReading, validUsage, type UsageResult } from './usage.ts';
import { DEFAULT_MEMBER_ROLE, PROJECT_PAGE_DEFAULT } from './constants.ts';
import { ALL } from '../store/indexes.ts';
import type { Page } from '../store/store.ts';
import { pageLimit } from '../shared/paging.ts';

export function createProjectsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  return {
    /**
     * Operator: creates a project with limits (metric → maximum) and, optionally, members given
     * by email with their roles (each must have an account; records `project.joined` for each).
     */
    async create(input: {
      name: string;
      limits?: Readonly<Record<string, number>>;
      members?: readonly { readonly email: string; readonly role?: string }[];
    }): Promise<ProjectView> {
      const members = (input.members ?? []).map((member) => ({
        email: normalizeEmail(member.email),
        role: validRole(member.role ?? DEFAULT_MEMBER_ROLE),
      }));
      const now = clock.now();
      return store.transact(async (tx) => {
        const project = await insertProject(tx, now, random, { name: input.name, limits: input.limits ?? {}, expiresAt: null, origin: { type: 'operator' } });
        for (const { email, role } of members) {
          const account = await requireAccountByEmail(tx, email);
          addMember(project, account.id, role, now);
          await recordSecurityEvent(tx, now, random, account.id, 'project.joined', { projectId: project.id, projectName: project.name, role, via: 'operator' });
        }
        return toProjectView(tx, project);
      });
    },

    /**
     * Operator: the projects ordered by name, a page at a time: pass a page's `next` as `after`
     * for the next one. @param limit projects per page, 1–PAGE_LIMIT_MAX. @default PROJECT_PAGE_DEFAULT
     */
    async list(input: { limit?: number; after?: string | null } = {}): Promise<Page<ProjectView>> {
      const limit = pageLimit(input.limit ?? PROJECT_PAGE_DEFAULT);
      return store.view(async (view) => {
        const page = await view.page('projects', 'all', { key: ALL, limit, after: input.after ?? null });
        return { items: await Promise.all(page.items.map((project) => toProjectView(view, project))), next: page.next };
      });
    },

    /** Operator: any project. */
    async get(projectId: string): Promise<ProjectView> {
      return store.view(async (view) => toProjectView(view, await requireProject(view, projectId)));
    },

    /**
     * A project as one of its members sees it (members' emails included). NOT_A_MEMBER for anyone
     * else, also for a member removed since they opened it.
     */
    async getForAccount(accountId: string, projectId: string): Promise<ProjectView> {
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const project = await requireProject(view, projectId);
        if (!isMember(project, accountId)) throw new AccountError('NOT_A_MEMBER', 'You are not a member of this project.', { projectId, accountId });
        return toProjectView(view, project);
      });
    },

    /** The projects `accountId` is a member of (the `member` index), by name. */
    async listForAccount(accountId: string): Promise<ProjectView[]> {
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const projects = await Promise.all((await view.find('projects', 'member', accountId)).map((project) => toProjectView(view, project)));
        return projects.sort((a, b) => a.name.localeCompare(b.name));
      });
    },

    /**
     * Operator: makes the account with `email` a member with `role` (default guest).
     * ALREADY_MEMBER when it is one; records `project.joined` for the account.
     */
    async addMember(input: { projectId: string; email: string; role?: string }): Promise<ProjectView> {
      const email = normalizeEmail(input.email);
      const role = validRole(input.role ?? DEFAULT_MEMBER_ROLE);
      const now = clock.now();
      return store.transact(async (tx) => {
        const project = await requireProject(tx, input.projectId);
        const account = await requireAccountByEmail(tx, email);
        if (isMember(project, account.id)) {
          throw new AccountError('ALREADY_MEMBER', `${email} is already a member of ${project.name}.`, { email, projectId: project.id });
        }
        addMember(project, account.id, role, now);
        await recordSecurityEvent(tx, now, random, account.id, 'project.joined', { projectId: project.id, projectName: project.name, role, via: 'operator' });
        return toProjectView(tx, project);
      });
    },

    /**
     * Operator: removes the account with `email` from the project; it stops seeing the
     * project's notifications at once. NOT_A_MEMBER when it is not a member.
     */
    async removeMember(input: { projectId: string; email: string }): Promise<ProjectView> {
      const email = normalizeEmail(input.email);
      const now = clock.now();
      return store.transact(async (tx) => {
        const project = await requireProject(tx, input.projectId);
        const account = await requireAccountByEmail(tx, email);
        if (!isMember(project, account.id)) {
          throw new AccountError('NOT_A_MEMBER', `${email} is not a member of ${project.name}.`, { email, projectId: project.id });
        }
        delete project.members[account.id];
        await recordSecurityEvent(tx, now, random, account.id, 'project.removed', { projectId: project.id, projectName: project.name, via: 'operator' });
        return toProjectView(tx, project);
      });
    },

    /**
     * Records the latest `value` of `metric` (a non-negative number, e.g. gigabytes) for a project.
     * Crossing the metric's limit notifies the members once per breach; see `applyUsageReading`.
     */
    async recordUsage(input: { projectId: string; metric: string; value: number }): Promise<UsageResult> {
      validUsage(input.metric, input.value);
      const now = clock.now();
      return store.transact((tx) => applyUsageReading(tx, now, random, input));
    },
  };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
