// `node --import ./test/support/record-loads.mjs …`: appends the URL of every module the process
// loads, one a line, to the file RECORD_LOADS names (test/cli/startup.test.ts reads it).
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url, { data: { file: process.env.RECORD_LOADS } });
