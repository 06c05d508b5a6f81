import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, STORE_FILE, StoreError } from '../../src/core/index.ts';
import { emptyDocument } from '../../src/core/store/schema.ts';
import { tempDataDir } from '../support/core.ts';
import { bytesOf, projectRecord } from '../core/store/support.ts';
import { runCliPool } from './support/processes.ts';
import { projectNames } from './support/project-names.ts';
import { recordCounts } from './support/summary.ts';

/**
 * Unusable store files: every front end must stop with a clear error naming the file (no stack
 * trace) and leave the bytes exactly as they were. openCore gets the whole corpus; the CLI and the
 * Slack app's start-up (real subprocesses, ~1.5 s each) one case per error code.
 */
const valid = JSON.stringify({ ...emptyDocument(), projects: { p1: projectRecord('p1') } });

interface Case {
  readonly what: string;
  readonly content: string | Buffer | 'directory';
  readonly code: string;
  /** Also run through the CLI and the Slack app start-up. */
  readonly subprocess?: true;
}

const CASES: readonly Case[] = [
  { what: 'text that is not JSON', content: 'this is not { json', code: 'STORE_NOT_JSON' },
  { what: 'JSON truncated in the middle', content: valid.slice(0, Math.floor(valid.length / 2)), code: 'STORE_NOT_JSON', subprocess: true },
  { what: 'JSON truncated to one byte', content: '{', code: 'STORE_NOT_JSON' },
  { what: 'JSON with the last byte missing', content: valid.slice(0, -1), code: 'STORE_NOT_JSON' },
  { what: 'valid JSON followed by garbage', content: `${valid}\n}{`, code: 'STORE_NOT_JSON' },
  { what: 'an empty file', content: '', code: 'STORE_NOT_JSON', subprocess: true },
  { what: 'only whitespace', content: ' \n\t\n', code: 'STORE_NOT_JSON' },
  { what: 'binary garbage with NUL bytes', content: Buffer.concat([Buffer.from([0, 0, 0xff, 0xfe]), randomBytes(512)]), code: 'STORE_NOT_JSON' },
  { what: 'a file of NUL bytes (a crash before data reached the disk)', content: Buffer.alloc(4096), code: 'STORE_NOT_JSON' },
  { what: 'a UTF-8 byte order mark before valid JSON', content: `\uFEFF${valid}`, code: 'STORE_NOT_JSON' },
  { what: 'foreign JSON: an object without schemaVersion', content: '{"name":"some other app","version":3}', code: 'STORE_FOREIGN', subprocess: true },
  { what: 'foreign JSON: an array', content: '[1,2,3]', code: 'STORE_FOREIGN' },
  { what: 'foreign JSON: null', content: 'null', code: 'STORE_FOREIGN' },
  { what: 'foreign JSON: a number', content: '42', code: 'STORE_FOREIGN' },
  { what: 'foreign JSON: a string', content: '"kbc-account"', code: 'STORE_FOREIGN' },
  { what: 'a package.json', content: JSON.stringify({ name: 'x', version: '1.0.0', dependencies: {} }), code: 'STORE_FOREIGN' },
  { what: 'schemaVersion as a string', content: JSON.stringify({ ...emptyDocument(), schemaVersion: '1' }), code: 'STORE_FOREIGN' },
  { what: 'schemaVersion 0', content: JSON.stringify({ ...emptyDocument(), schemaVersion: 0 }), code: 'STORE_FOREIGN' },
  { what: 'schemaVersion 1.5', content: JSON.stringify({ ...emptyDocument(), schemaVersion: 1.5 }), code: 'STORE_FOREIGN' },
  {
    what: 'a field of the wrong type',
    content: JSON.stringify({ ...emptyDocument(), projects: { p1: { ...projectRecord('p1'), name: 42 } } }),
    code: 'STORE_SCHEMA_INVALID',
    subprocess: true,
  },
  { what: 'a missing collection', content: JSON.stringify({ schemaVersion: emptyDocument().schemaVersion, accounts: {} }), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a collection that is an array', content: JSON.stringify({ ...emptyDocument(), accounts: [] }), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a newer schema version', content: JSON.stringify({ ...emptyDocument(), schemaVersion: 99 }), code: 'STORE_TOO_NEW', subprocess: true },
  { what: 'a directory where the file should be', content: 'directory', code: 'STORE_UNREADABLE', subprocess: true },
];

const SLACK_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-faults',
  SLACK_SIGNING_SECRET: 'faults-signing-secret',
  PORT: '0',
  // Never reached: the store is opened before Slack is called.
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
};
const counts = { openCore: 0, cli: 0, slack: 0 };

async function corruptDataDir(content: Case['content']): Promise<{ dataDir: string; file: string; snapshot: () => Promise<string> }> {
  const dataDir = await tempDataDir();
  const file = join(dataDir, STORE_FILE);
  if (content === 'directory') await mkdir(file);
  else await writeFile(file, content, { mode: 0o600 });
  // What must not change: the bytes, and the directory (no lock, temp file or key left behind).
  const snapshot = async () => `${content === 'directory' ? 'dir' : (await bytesOf(file)).toString('base64')} ${(await readdir(dataDir)).join(',')}`;
  return { dataDir, file, snapshot };
}

afterAll(() => {
  recordCounts('corrupt store files', {
    'cases': CASES.length,
    'refused by openCore': counts.openCore,
    'by the CLI': counts.cli,
    'by slack start-up': counts.slack,
    'bytes unchanged': counts.openCore + counts.cli + counts.slack,
  });
});

describe('an unusable store file', () => {
  it.each(CASES)('is refused by openCore with $code for $what, bytes unchanged', async ({ content, code }) => {
    const { dataDir, file, snapshot } = await corruptDataDir(content);
    const before = await snapshot();
    const error = await openCore({ dataDir, hasher: fastTestHasher(), env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code, file });
    expect((error as StoreError).message).toContain(file);
    expect(await snapshot()).toBe(before);
    counts.openCore++;
  });

  it('stops the operator CLI and the Slack app start-up with a message naming the file, not a stack trace, bytes unchanged', async () => {
    const cases = await Promise.all(CASES.filter((c) => c.subprocess).map(async (c) => ({ ...c, ...(await corruptDataDir(c.content)) })));
    const befores = await Promise.all(cases.map((c) => c.snapshot()));
    const jobs = cases.flatMap((c) => [
      { args: ['--data', c.dataDir, 'admin', 'account', 'list'], env: {} },
      { args: ['--data', c.dataDir, 'slack'], env: SLACK_ENV },
    ]);
    const results = await runCliPool(jobs, 3);
    for (const [n, c] of cases.entries()) {
      for (const [k, front] of (['cli', 'slack'] as const).entries()) {
        const result = results[2 * n + k]!;
        const label = `${front} on ${c.what}: ${result.stderr}`;
        expect(result.code, label).toBe(1);
        expect(result.stderr, label).toContain(c.file);
        expect(result.stderr, label).not.toMatch(/\n\s+at /);
        expect(result.stderr, label).not.toContain('unexpected failure');
        counts[front]++;
      }
      expect(await c.snapshot()).toBe(befores[n]);
    }
  }, 120_000);
});

/**
 * A valid store file with a damaged journal beside it. Each case turns the journal's text
 * (a header line and two records) into something unusable.
 */
interface JournalCase {
  readonly what: string;
  readonly damage: (journal: string) => string | Buffer;
  readonly code: string;
}

const JOURNAL_CASES: readonly JournalCase[] = [
  { what: 'an empty journal', damage: () => '', code: 'STORE_JOURNAL_INVALID' },
  { what: 'a journal of NUL bytes', damage: () => Buffer.alloc(4096), code: 'STORE_JOURNAL_INVALID' },
  { what: 'binary garbage', damage: () => Buffer.concat([randomBytes(300), Buffer.from('\n')]), code: 'STORE_JOURNAL_INVALID' },
  { what: 'a foreign header', damage: (text) => text.replace(/^[^\n]*/, '{"name":"some other app"}'), code: 'STORE_JOURNAL_INVALID' },
  { what: 'a header cut short', damage: (text) => text.slice(0, 20), code: 'STORE_JOURNAL_INVALID' },
  { what: 'a record that is not JSON', damage: (text) => text.replace(/\n[^\n]*\n/, '\n{"rev":1,"changes":[[nope\n'), code: 'STORE_JOURNAL_INVALID' },
  { what: 'a record missing (a revision gap)', damage: (text) => text.replace(/\n[^\n]*\n/, '\n'), code: 'STORE_JOURNAL_INVALID' },
  { what: 'a record of another collection', damage: (text) => text.replace('"projects"', '"widgets"'), code: 'STORE_JOURNAL_INVALID' },
  { what: 'an entry that breaks the schema', damage: (text) => text.replace('"name":"Alpha"', '"name":42'), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a journal that starts after the store file', damage: (text) => text.replace('"base":0', '"base":5'), code: 'STORE_JOURNAL_INVALID' },
];

async function damagedJournal(damage: JournalCase['damage']) {
  const dataDir = await tempDataDir();
  const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
  await core.projects.create({ name: 'Alpha' });
  await core.projects.create({ name: 'Beta' });
  const file = join(dataDir, STORE_FILE);
  const journal = `${file}.journal`;
  await writeFile(journal, damage(await readFile(journal, 'utf8')));
  const snapshot = async () => `${(await bytesOf(file)).toString('base64')} ${(await bytesOf(journal)).toString('base64')} ${(await readdir(dataDir)).sort().join(',')}`;
  return { dataDir, file, journal, snapshot };
}

describe('an unusable journal', () => {
  afterAll(() => recordCounts('damaged journals', { cases: JOURNAL_CASES.length, 'refused, bytes unchanged': journalRefusals }));
  let journalRefusals = 0;

  it.each(JOURNAL_CASES)('is refused by openCore with $code for $what, both files unchanged', async ({ damage, code }) => {
    const { dataDir, journal, snapshot } = await damagedJournal(damage);
    const before = await snapshot();
    const error = await openCore({ dataDir, hasher: fastTestHasher(), env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code });
    expect((error as StoreError).message).toContain(code === 'STORE_SCHEMA_INVALID' ? 'journal' : journal);
    expect(await snapshot()).toBe(before);
    journalRefusals++;
  });

  it('stops the CLI with a message naming the journal, not a stack trace, bytes unchanged', async () => {
    const { dataDir, journal, snapshot } = await damagedJournal((text) => text.replace(/\n[^\n]*\n/, '\n'));
    const before = await snapshot();
    const [result] = await runCliPool([{ args: ['--data', dataDir, 'admin', 'project', 'list'], env: {} }], 1);
    expect(result!.code, result!.stderr).toBe(1);
    expect(result!.stderr).toContain(journal);
    expect(result!.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot()).toBe(before);
  });

  it('loads a journal whose last record was cut short by a crash: that record never happened', async () => {
    const { dataDir } = await damagedJournal((text) => text.slice(0, -10));
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    expect(await projectNames(core)).toEqual(['Alpha']);
    await core.projects.create({ name: 'Gamma' });
    const reopened = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    expect((await projectNames(reopened)).sort()).toEqual(['Alpha', 'Gamma']);
  });
});
