import { numericIdIndex, type IndexesOf } from '../store/index-definition.ts';

/** Projects by member account id (a project is filed under each member), and all projects, by name. */
export const projectIndexes = {
  numericId: numericIdIndex,
  member: { keys: (project) => Object.keys(project.members), sort: (project) => project.name },
  all: { keys: () => ['*'], sort: (project) => project.name },
} as const satisfies IndexesOf<'projects'>;
