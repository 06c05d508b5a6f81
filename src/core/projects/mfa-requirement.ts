import type { Account, Project } from '../store/schema.ts';
import type { DeepReadonly, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { isPast } from '../shared/time.ts';
import { MFA_REQUIRED_MESSAGE } from './constants.ts';

/**
 * PROJECT_MFA_REQUIRED (Keboola's `manage.mfaRequired`) unless `account` may join `project`: a
 * project that requires MFA takes only accounts with MFA enabled.
 */
export function assertMayJoin(project: DeepReadonly<Project>, account: DeepReadonly<Account>): void {
  if (project.mfaRequired && !account.mfa.enabled) throw mfaRequiredError(project);
}

export function mfaRequiredError(project: DeepReadonly<Project>): AccountError {
  return new AccountError('PROJECT_MFA_REQUIRED', MFA_REQUIRED_MESSAGE, {
    projectId: project.id,
    projectName: project.name,
    deadline: project.mfaRequired?.deadline ?? null,
  });
}

/** True when a member with `account`'s MFA state is shut out of `project` at `now`: it requires MFA, the deadline passed, and MFA is off. */
export function blockedByMfa(project: DeepReadonly<Project>, account: DeepReadonly<Account>, now: Date): boolean {
  return Boolean(project.mfaRequired && !account.mfa.enabled && isPast(project.mfaRequired.deadline, now));
}

/** The names of the projects `accountId` is a member of that require MFA, by name: why MFA cannot be turned off. */
export async function projectsRequiringMfa(reader: StoreReader, accountId: string): Promise<string[]> {
  const projects = await (reader as StoreView).find('projects', 'member', accountId);
  return projects
    .filter((project) => project.mfaRequired)
    .map((project) => project.name)
    .sort((a, b) => a.localeCompare(b));
}
