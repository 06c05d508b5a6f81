/**
 * Whether dist/ (scripts/build.mjs) is the build of the sources as they are: shared by the bin,
 * which runs dist/ only then, and the test run, which rebuilds a stale dist/ once so that the CLIs
 * it starts run what users run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** The variable through which a parent that checked dist/ vouches for that one build (its id) to the CLIs it starts. */
export const CHECKED_BUILD_ENV = 'KBC_ACCOUNT_DIST_CHECKED';

/**
 * dist/BUILD: when the build read the sources (ms since the epoch) and the build's random id;
 * null when there is no build or its stamp is unreadable.
 * @param {URL} root the project's directory
 * @returns {{ sourcesReadAt: number, id: string | null } | null}
 */
export function readBuild(root) {
  try {
    const stamp = JSON.parse(readFileSync(new URL('dist/BUILD', root), 'utf8'));
    if (typeof stamp.sourcesReadAt !== 'number') return null;
    return { sourcesReadAt: stamp.sourcesReadAt, id: typeof stamp.id === 'string' ? stamp.id : null };
  } catch {
    return null;
  }
}

/**
 * True when a file or directory under src/ changed after `readAt` (ms). Directories count too: a
 * file added, renamed or deleted changes its directory's time. Every file is looked at (a stat
 * each, about 400): an edit in place changes nothing but the file's own time.
 * @param {URL} root
 * @param {number} readAt
 */
export function sourcesChangedSince(root, readAt) {
  const newer = (dir) => {
    if (statSync(dir).mtimeMs > readAt) return true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() ? newer(path) : statSync(path).mtimeMs > readAt) return true;
    }
    return false;
  };
  return newer(new URL('src', root).pathname);
}

/**
 * True when dist/ was built from the sources as they are. A parent that checked this build (same
 * id in CHECKED_BUILD_ENV) is taken at its word, so the hundreds of CLIs a test run starts skip the walk.
 * @param {URL} root
 * @param {NodeJS.ProcessEnv} env
 */
export function builtIsCurrent(root, env) {
  const build = readBuild(root);
  if (build === null) return false;
  if (build.id !== null && env[CHECKED_BUILD_ENV] === build.id) return true;
  return !sourcesChangedSince(root, build.sourcesReadAt);
}
