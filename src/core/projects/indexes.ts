import { numericIdIndex, type IndexesOf } from '../store/index-definition.ts';
import { nextMembershipDueAt } from './membership.ts';

/**
 * Projects by member account id (a project is filed under each member), and all projects, by
 * name; the projects with a time-boxed member, by the next moment a reminder or an end is due
 * (the membership sweep reads only those due).
 */
export const projectIndexes = {
  numericId: numericIdIndex,
  member: { keys: (project) => Object.keys(project.members), sort: (project) => project.name },
  all: { keys: () => ['*'], sort: (project) => project.name },
  membershipDue: { keys: (project) => (nextMembershipDueAt(project) === null ? [] : ['*']), sort: (project) => nextMembershipDueAt(project) ?? '' },
} as const satisfies IndexesOf<'projects'>;
