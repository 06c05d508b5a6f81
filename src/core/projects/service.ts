import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { requireAccount, requireAccountByEmail } from '../accounts/model.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { addMember, adminsOf, isMember, requireProject, toProjectView, insertProject, validRole, type MemberProjectView, type ProjectView } from './model.ts';
import { extendMembership, isActiveMember, validMembershipDays } from './membership.ts';
import { anyMembershipDue, sweepMemberships } from './membership-sweep.ts';
import { blockedByMfa, mfaRequiredError } from './mfa-requirement.ts';
import { tellAdminsOfDeparture } from './departures.ts';
import { insertNotification } from '../notifications/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { addDays, iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import type { DeepReadonly, StoreView } from '../store/store.ts';
import type { Account, Project } from '../store/schema.ts';
import { applyUsageReading, validUsage, type UsageResult } from './usage.ts';
import { DEFAULT_MEMBER_ROLE, MFA_DEADLINE_DEFAULT_DAYS, PROJECT_PAGE_DEFAULT } from './constants.ts';
import { ALL } from '../store/indexes.ts';
import type { Page } from '../store/store.ts';
import { pageLimit } from '../shared/paging.ts';
import { byCodeUnits } from '../shared/text-order.ts';

/** What `requireMfa` did: the project, and the members who have no MFA yet (told of the deadline). */
export interface MfaRequirementResult {
  readonly project: ProjectView;
  readonly membersWithoutMfa: readonly { readonly accountId: string; readonly email: string; readonly name: string }[];
}

/** What a member sees of their own project: the project, their membership, and whether they may open it. */
function memberView(view: StoreView, project: DeepReadonly<Project>, account: DeepReadonly<Account>, now: Date): Promise<MemberProjectView> {
  const member = ownEntry(project.members, account.id)!;
  return toProjectView(view, project).then((base) => ({
    ...base,
    membership: {
      role: member.role,
      joinedAt: member.joinedAt,
      expiresAt: member.expiresAt ?? null,
      blockedByMfa: blockedByMfa(project, account, now),
      lastAdmin: member.role === 'admin' && adminsOf(project).length === 1,
    },
  }));
}

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
    async getForAccount(accountId: string, projectId: string): Promise<MemberProjectView> {
      const now = clock.now();
      return store.view(async (view) => {
        const account = await requireAccount(view, accountId);
        const project = await requireProject(view, projectId);
        if (!isActiveMember(project, accountId, now)) throw new AccountError('NOT_A_MEMBER', 'You are not a member of this project.', { projectId, accountId });
        // Past the project's MFA deadline a member without MFA is shut out until they enable it.
        if (blockedByMfa(project, account, now)) throw mfaRequiredError(project);
        return memberView(view, project, account, now);
      });
    },

    /**
     * The projects `accountId` is a member of (the `member` index), by name; a membership that has
     * ended is left out even before the sweep removed it. Projects the member is shut out of
     * (MFA required) are listed with `membership.blockedByMfa`.
     */
    async listForAccount(accountId: string): Promise<MemberProjectView[]> {
      const now = clock.now();
      return store.view(async (view) => {
        const account = await requireAccount(view, accountId);
        const found = (await view.find('projects', 'member', accountId)).filter((project) => isActiveMember(project, accountId, now));
        const projects = await Promise.all(found.map((project) => memberView(view, project, account, now)));
        return projects.sort((a, b) => a.name.localeCompare(b.name));
      });
    },

    /**
     * Operator: makes the project require MFA from now on (`off`: no longer). Members without MFA
     * keep access until `deadline` (default MFA_DEADLINE_DEFAULT_DAYS from now); each of them is
     * told in the bell and by Slack DM. Returns those members, so the operator can follow up.
     */
    async requireMfa(input: { projectId: string; off?: boolean; deadline?: Date }): Promise<MfaRequirementResult> {
      const now = clock.now();
      const deadline = input.deadline ?? addDays(now, MFA_DEADLINE_DEFAULT_DAYS);
      if (Number.isNaN(deadline.getTime())) throw new AccountError('INVALID_INPUT', 'The deadline is not a valid date.', { field: 'deadline' });
      return store.transact(async (tx) => {
        const project = await requireProject(tx, input.projectId);
        if (input.off) {
          delete project.mfaRequired;
          return { project: await toProjectView(tx, project), membersWithoutMfa: [] };
        }
        const changed = project.mfaRequired?.deadline !== iso(deadline);
        project.mfaRequired = { since: project.mfaRequired?.since ?? iso(now), deadline: iso(deadline) };
        const without: { accountId: string; email: string; name: string }[] = [];
        for (const accountId of Object.keys(project.members).sort()) {
          const account = await tx.peek.get('accounts', accountId);
          if (account && !account.mfa.enabled) without.push({ accountId, email: account.email, name: account.name });
        }
        if (changed && without.length > 0) {
          const day = iso(deadline).slice(0, 10);
          await insertNotification(tx, now, random, {
            kind: 'announcement',
            title: `${project.name} requires multi-factor authentication by ${day}`,
            message:
              `${project.name} (${project.id}) now requires its members to have multi-factor authentication enabled. ` +
              `Enable it under Account & Security before ${iso(deadline)}: after that you cannot open the project until you do.`,
            link: null,
            expiresAt: null,
            audience: { type: 'accounts', accountIds: without.map((member) => member.accountId) },
            source: 'system',
            // The project.mfa-required entries below are the Slack DMs, with the MFA steps; one DM is enough.
            slackFanOut: false,
          });
          for (const member of without) {
            await recordSecurityEvent(tx, now, random, member.accountId, 'project.mfa_required', { projectId: project.id, projectName: project.name, deadline: iso(deadline) });
            // One ref per deadline: a new deadline is a new DM, the same one again is not queued twice (see `changed`).
            await enqueueOutbox(tx, now, random, {
              accountId: member.accountId,
              kind: 'project.mfa-required',
              ref: `project-mfa:${project.id}:${member.accountId}:${iso(deadline)}`,
              payload: { projectId: project.id, projectName: project.name, projectNumericId: project.numericId, deadline: iso(deadline) },
            });
          }
        }
        return { project: await toProjectView(tx, project), membersWithoutMfa: without.sort((a, b) => byCodeUnits(a.email, b.email)) };
      });
    },

    /**
     * Operator: moves the end of a time-boxed membership to `until` (in the future). Reminders
     * whose moment passed count as sent. MEMBERSHIP_NOT_TIME_BOXED for a membership without an end.
     */
    async extendMember(input: { projectId: string; email: string; until: Date }): Promise<ProjectView> {
      const email = normalizeEmail(input.email);
      const now = clock.now();
      if (Number.isNaN(input.until.getTime()) || input.until.getTime() <= now.getTime()) {
        throw new AccountError('INVALID_INPUT', 'The new end of the membership must be a date in the future.', { field: 'until' });
      }
      return store.transact(async (tx) => {
        const project = await requireProject(tx, input.projectId);
        const account = await requireAccountByEmail(tx, email);
        const member = ownEntry(project.members, account.id);
        if (!member || !isActiveMember(project, account.id, now)) {
          throw new AccountError('NOT_A_MEMBER', `${email} is not a member of ${project.name}.`, { email, projectId: project.id });
        }
        if (member.expiresAt === undefined) {
          throw new AccountError('MEMBERSHIP_NOT_TIME_BOXED', `${email} is a member of ${project.name} without an end date; there is nothing to extend.`, { email, projectId: project.id });
        }
        extendMembership(member, input.until, now);
        await recordSecurityEvent(tx, now, random, account.id, 'project.membership_extended', { projectId: project.id, projectName: project.name, expiresAt: member.expiresAt });
        return toProjectView(tx, project);
      });
    },

    /**
     * The member leaves the project; its admins are told (bell, and a Slack DM as their preferences
     * allow), as when a membership expires. LAST_ADMIN when they are its only admin (a project
     * without an admin could not invite or answer join requests any more); NOT_A_MEMBER when not a member.
     */
    async leave(accountId: string, projectId: string): Promise<void> {
      const now = clock.now();
      await store.transact(async (tx) => {
        await requireAccount(tx, accountId);
        const project = await requireProject(tx, projectId);
        const member = ownEntry(project.members, accountId);
        if (!member || !isActiveMember(project, accountId, now)) throw new AccountError('NOT_A_MEMBER', 'You are not a member of this project.', { projectId, accountId });
        if (member.role === 'admin' && adminsOf(project).length === 1) {
          throw new AccountError(
            'LAST_ADMIN',
            `You are the last admin of ${project.name}, so you cannot leave it: make another member an admin first (an operator can), then leave.`,
            { projectId: project.id, projectName: project.name },
          );
        }
        delete project.members[accountId];
        await recordSecurityEvent(tx, now, random, accountId, 'project.left', { projectId: project.id, projectName: project.name });
        await tellAdminsOfDeparture(tx, now, random, project, accountId, { why: 'left' });
      });
    },

    /**
     * Sends the membership reminders due now and ends the memberships whose time has come, a batch
     * of projects per transaction until none is left; safe to run from any number of processes at
     * once, as often as wanted (each reminder and each end happens once). Starts no transaction
     * when nothing is due.
     */
    async sweepMemberships(): Promise<{ reminded: number; ended: number }> {
      const now = clock.now();
      let reminded = 0;
      let ended = 0;
      while (await store.view((view) => anyMembershipDue(view, now))) {
        const batch = await store.transact((tx) => sweepMemberships(tx, now, random));
        reminded += batch.reminded;
        ended += batch.ended;
        if (!batch.more && batch.reminded + batch.ended === 0) break;
      }
      return { reminded, ended };
    },

    /**
     * Operator: makes the account with `email` a member with `role` (default guest).
     * ALREADY_MEMBER when it is one; records `project.joined` for the account.
     */
    async addMember(input: { projectId: string; email: string; role?: string; membershipDays?: number }): Promise<ProjectView> {
      const email = normalizeEmail(input.email);
      const role = validRole(input.role ?? DEFAULT_MEMBER_ROLE);
      const days = input.membershipDays === undefined ? null : validMembershipDays(input.membershipDays);
      const now = clock.now();
      return store.transact(async (tx) => {
        const project = await requireProject(tx, input.projectId);
        const account = await requireAccountByEmail(tx, email);
        if (isActiveMember(project, account.id, now)) {
          throw new AccountError('ALREADY_MEMBER', `${email} is already a member of ${project.name}.`, { email, projectId: project.id });
        }
        addMember(project, account.id, role, now, { days });
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
