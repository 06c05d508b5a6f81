import type { Project, Role } from '../store/schema.ts';
import type { DeepReadonly, EntryFrom, StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { checkText, isCharacterProblem, quoted, textProblemMessage } from '../shared/text.ts';
import { newId, type Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { ROLES } from '../store/schema.ts';
import { findByNumericId, nextNumericId } from '../store/sequences.ts';
import { METRIC_PATTERN, PROJECT_NAME_MAX_LENGTH } from './constants.ts';
import { newMember } from './membership.ts';
import { byCodeUnits } from '../shared/text-order.ts';

/** What front ends see of a project. */
export interface ProjectView {
  readonly id: string;
  /** The number clients name the project by (the Management API). */
  readonly numericId: number;
  readonly name: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly limits: Readonly<Record<string, number>>;
  readonly usage: Readonly<Record<string, { readonly value: number; readonly recordedAt: string }>>;
  readonly breachedMetrics: readonly string[];
  readonly members: readonly ProjectMemberView[];
  /** Set while the project requires MFA: members without it lose access from `deadline`. */
  readonly mfaRequired: { readonly since: string; readonly deadline: string } | null;
}

/** One member as front ends see it. */
export interface ProjectMemberView {
  readonly accountId: string;
  readonly email: string;
  readonly role: Role;
  readonly joinedAt: string;
  /** When a time-boxed membership ends; null: it does not. */
  readonly expiresAt: string | null;
  /** Why the member was let in (the invitation's or join request's reason). */
  readonly reason: string | null;
  readonly mfaEnabled: boolean;
}

/** A project as one of its members sees it: with their own membership. */
export interface MemberProjectView extends ProjectView {
  readonly membership: {
    readonly role: Role;
    readonly joinedAt: string;
    readonly expiresAt: string | null;
    /** The project requires MFA, its deadline passed, and this member has none: no access until MFA is on. */
    readonly blockedByMfa: boolean;
    /** The last admin cannot leave. */
    readonly lastAdmin: boolean;
  };
}

/** What front ends see of `project`, with each member's email read through `reader`. */
export async function toProjectView(reader: StoreReader, project: DeepReadonly<Project>): Promise<ProjectView> {
  const members = await Promise.all(
    Object.entries(project.members).map(async ([accountId, member]) => {
      const account = await (reader as StoreView).get('accounts', accountId);
      return {
        accountId,
        email: account?.email ?? '(deleted)',
        role: member.role,
        joinedAt: member.joinedAt,
        expiresAt: member.expiresAt ?? null,
        reason: member.reason ?? null,
        mfaEnabled: account?.mfa.enabled ?? false,
      };
    }),
  );
  return {
    id: project.id,
    numericId: project.numericId,
    name: project.name,
    createdAt: project.createdAt,
    expiresAt: project.expiresAt,
    limits: project.limits,
    usage: project.usage,
    breachedMetrics: project.breachedMetrics,
    members: members.sort((a, b) => byCodeUnits(a.email, b.email)),
    mfaRequired: project.mfaRequired ? { since: project.mfaRequired.since, deadline: project.mfaRequired.deadline } : null,
  };
}

export async function requireProject<R extends StoreReader>(reader: R, projectId: string): Promise<EntryFrom<R, 'projects'>> {
  const project = await (reader as StoreView).get('projects', projectId);
  if (!project) throw new AccountError('PROJECT_NOT_FOUND', `No project has the id ${projectId}.`, { projectId });
  return project as EntryFrom<R, 'projects'>;
}

/**
 * The project a person names as they see it: by its id (`prj_…`) or by the number the platform
 * and the Management API show (`12`); PROJECT_NOT_FOUND when neither names one.
 */
export async function requireProjectNamed<R extends StoreReader>(reader: R, named: string): Promise<EntryFrom<R, 'projects'>> {
  const text = named.trim();
  if (!/^\d{1,15}$/.test(text)) return requireProject(reader, text);
  const project = await findByNumericId(reader, 'projects', Number(text));
  if (!project) throw new AccountError('PROJECT_NOT_FOUND', `No project has the number ${text}.`, { projectId: text });
  return project as EntryFrom<R, 'projects'>;
}

/** The trimmed name: 1–`max` characters (code points), no control characters, line breaks or invisible formatting. */
export function validProjectName(name: string, max = PROJECT_NAME_MAX_LENGTH): string {
  const rule = { min: 1, max };
  const { text, length, problem } = checkText(name, rule);
  if (isCharacterProblem(problem)) {
    throw new AccountError('PROJECT_NAME_INVALID', textProblemMessage('A project name', problem, rule), { max });
  }
  if (problem) throw new AccountError('PROJECT_NAME_INVALID', textProblemMessage('A project name', problem, rule, length), { max, length });
  return text;
}

export function validRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new AccountError('INVALID_ROLE', `The role must be one of ${ROLES.join(', ')}; got ${quoted(role)}.`, { role });
  }
  return role as Role;
}

export function validMetric(metric: string): string {
  if (!METRIC_PATTERN.test(metric)) {
    throw new AccountError('INVALID_LIMIT', `${quoted(metric)} is not a valid metric name (letters, digits, _ . -; starting with a letter).`, { metric });
  }
  return metric;
}

export function validLimits(limits: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [metric, max] of Object.entries(limits)) {
    validMetric(metric);
    if (!Number.isFinite(max) || max < 0) {
      throw new AccountError('INVALID_LIMIT', `The limit for ${metric} must be a number of at least 0; got ${max}.`, { metric });
    }
    out[metric] = max;
  }
  return out;
}

/**
 * Adds a project inside the caller's transaction; validates its name and limits.
 * Used by operator creation and by promo code redemption.
 */
export async function insertProject(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  input: { name: string; limits: Readonly<Record<string, number>>; expiresAt: Date | null; origin: Project['origin'] },
): Promise<Project> {
  const project: Project = {
    id: newId(random, 'prj'),
    numericId: await nextNumericId(tx, 'projects'),
    name: validProjectName(input.name),
    createdAt: iso(now),
    expiresAt: input.expiresAt ? iso(input.expiresAt) : null,
    limits: validLimits(input.limits),
    usage: {},
    breachedMetrics: [],
    members: {},
    origin: input.origin,
  };
  tx.put('projects', project.id, project);
  return project;
}

/** Makes `accountId` a member of `project` (a transaction's copy, saved at commit) with `role`, for `days` when given. */
export function addMember(project: Project, accountId: string, role: Role, now: Date, options: { days?: number | null; reason?: string | null } = {}): void {
  project.members[accountId] = newMember(role, now, options);
}

/** The admins of `project`, by account id. */
export const adminsOf = (project: DeepReadonly<Project>): string[] =>
  Object.entries(project.members)
    .filter(([, member]) => member.role === 'admin')
    .map(([accountId]) => accountId)
    .sort();

export const isMember = (project: DeepReadonly<Project>, accountId: string): boolean => Object.hasOwn(project.members, accountId);
