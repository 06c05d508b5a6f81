import type { Core, ProjectView } from '../../../src/core/index.ts';
import type { Page } from '../../../src/core/store/store.ts';

/** The name of every project, in the core's order, read page by page as the CLI lists them. */
export async function projectNames(core: Core): Promise<string[]> {
  const names: string[] = [];
  let after: string | null = null;
  do {
    const page: Page<ProjectView> = await core.projects.list({ after });
    names.push(...page.items.map((project) => project.name));
    after = page.next;
  } while (after !== null);
  return names;
}
