#!/usr/bin/env node
// Runs the compiled dist/ when it is up to date with src/ (`npm install` and `npm run build` make
// it), else the TypeScript sources through tsx, so a fresh clone and a source just edited both
// work. tsx's loader (a worker thread and esbuild) costs about as much as all of `--help`.
import { builtIsCurrent } from '../scripts/dist-state.mjs';

// React (under Ink) in its development build renders about twice as slowly and keeps a
// performance entry per render for ever; a user of the CLI gets the production build.
process.env.NODE_ENV ??= 'production';

const root = new URL('../', import.meta.url);

let main;
if (process.env.KBC_ACCOUNT_FROM_SOURCE !== '1' && builtIsCurrent(root, process.env)) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// A failed write to stdout may have set the exit code already (see guardOutput in src/cli/main.ts).
if (!process.exitCode) process.exitCode = code;
