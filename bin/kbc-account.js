#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// React (under Ink) in its development build renders about twice as slowly and keeps a
// performance entry per render for ever; a user of the CLI gets the production build.
process.env.NODE_ENV ??= 'production';
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// A failed write to stdout may have set the exit code already (see guardOutput in src/cli/main.ts).
if (!process.exitCode) process.exitCode = code;
