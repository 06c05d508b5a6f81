import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { builtIsCurrent, CHECKED_BUILD_ENV, readBuild } from '../../scripts/dist-state.mjs';

const ROOT = new URL('../../', import.meta.url);

/**
 * Rebuilds dist/ (`scripts/build.mjs`, about 2 s) when a source changed since the last build, then
 * vouches for that build in `env` (CHECKED_BUILD_ENV), so the CLIs started with it skip their walk
 * of src/. Returns whether it built.
 */
export function ensureCurrentBuild(root: URL, env: NodeJS.ProcessEnv): boolean {
  // Looked at afresh (a walk of src/, a few milliseconds), never taken from the variable.
  const stale = !builtIsCurrent(root, {});
  if (stale) execFileSync(process.execPath, [fileURLToPath(new URL('scripts/build.mjs', root))], { stdio: ['ignore', 'inherit', 'inherit'] });
  const id = readBuild(root)?.id;
  if (id) env[CHECKED_BUILD_ENV] = id;
  else delete env[CHECKED_BUILD_ENV];
  return stale;
}

/**
 * Makes dist/ current once for the run, so the CLIs the tests start run the compiled code users
 * run instead of compiling the sources through tsx each time (about a second a start), and none
 * of them walks src/ again. In watch mode the same again before each rerun.
 */
export default function setup(project: Pick<TestProject, 'onTestsRerun'>): () => void {
  ensureCurrentBuild(ROOT, process.env);
  project.onTestsRerun(() => void ensureCurrentBuild(ROOT, process.env));
  return () => {
    delete process.env[CHECKED_BUILD_ENV];
  };
}
