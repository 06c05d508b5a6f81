#!/usr/bin/env node
// Runs the compiled dist/ when it is up to date with src/ (`npm install` and `npm run build` make
// it), else the TypeScript sources through tsx, so a fresh clone and a source just edited both
// work. tsx's loader (a worker thread and esbuild) costs about as much as all of `--help`.
import { readdirSync, readFileSync, statSync } from 'node:fs';

// React (under Ink) in its development build renders about twice as slowly and keeps a
// performance entry per render for ever; a user of the CLI gets the production build.
process.env.NODE_ENV ??= 'production';

const root = new URL('../', import.meta.url);

/** True when dist/ was built from the sources as they are: none is newer than the build's reading of them. */
function builtIsCurrent() {
  let readAt;
  try {
    readAt = JSON.parse(readFileSync(new URL('dist/BUILD', root), 'utf8')).sourcesReadAt;
  } catch {
    return false;
  }
  if (typeof readAt !== 'number') return false;
  // Directories too: a file added, renamed or deleted changes its directory's time.
  const newer = (dir) => {
    if (statSync(dir).mtimeMs > readAt) return true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() ? newer(path) : statSync(path).mtimeMs > readAt) return true;
    }
    return false;
  };
  return !newer(new URL('src', root).pathname);
}

let main;
if (process.env.KBC_ACCOUNT_FROM_SOURCE !== '1' && builtIsCurrent()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// A failed write to stdout may have set the exit code already (see guardOutput in src/cli/main.ts).
if (!process.exitCode) process.exitCode = code;
