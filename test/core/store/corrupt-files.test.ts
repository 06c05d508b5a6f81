import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { emptyDocument } from '../../../src/core/store/schema.ts';
import { StoreError } from '../../../src/core/store/store-error.ts';
import { tempDataDir } from '../../support/core.ts';
import { runCli } from '../../support/cli.ts';
import { addProject, bytesOf, isLockHeld, projectIds, projectRecord } from './support.ts';

const STORE = 'kbc-account.json';
const valid = JSON.stringify({ ...emptyDocument(), projects: { p1: projectRecord('p1') } });

const CASES = [
  { what: 'text that is not JSON', content: 'this is not { json', code: 'STORE_NOT_JSON' },
  { what: 'truncated JSON', content: valid.slice(0, Math.floor(valid.length / 2)), code: 'STORE_NOT_JSON' },
  { what: 'an empty file', content: '', code: 'STORE_NOT_JSON' },
  { what: 'foreign JSON (an object without schemaVersion)', content: '{"hello":1}', code: 'STORE_FOREIGN' },
  { what: 'foreign JSON (an array)', content: '[1,2,3]', code: 'STORE_FOREIGN' },
  { what: 'a schemaVersion that is not a number', content: JSON.stringify({ ...emptyDocument(), schemaVersion: '1' }), code: 'STORE_FOREIGN' },
  {
    what: 'a field of the wrong type',
    // As schema version 2 wrote it: a version-3 file must also name its journal (the next case).
    content: JSON.stringify({ ...emptyDocument(), schemaVersion: 2, projects: { p1: { ...projectRecord('p1'), name: 42 } } }),
    code: 'STORE_SCHEMA_INVALID',
  },
  { what: 'a version-3 file that names no journal', content: JSON.stringify({ ...emptyDocument(), revision: 4 }), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a journal name that is not one', content: JSON.stringify({ ...emptyDocument(), journal: { id: 7 } }), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a missing collection', content: JSON.stringify({ schemaVersion: 1, accounts: {} }), code: 'STORE_SCHEMA_INVALID' },
  { what: 'a newer schema version', content: JSON.stringify({ ...emptyDocument(), schemaVersion: 99 }), code: 'STORE_TOO_NEW' },
] as const;

async function corruptStore(content: string): Promise<{ dir: string; file: string; before: Buffer }> {
  const dir = await tempDataDir();
  const file = join(dir, STORE);
  await writeFile(file, content, { mode: 0o600 });
  return { dir, file, before: await bytesOf(file) };
}

describe('FileStore.open on an unusable file', () => {
  it.each(CASES)('refuses $what with $code and leaves the file byte-for-byte untouched', async ({ content, code }) => {
    const { dir, file, before } = await corruptStore(content);

    const error = await FileStore.open(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code, file });
    expect((error as StoreError).message).toContain(file);

    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect(await isLockHeld(file)).toBe(false);
    expect(await readdir(dir)).toEqual([STORE]);
  });

  it('opens a valid file without rewriting it', async () => {
    const dir = await tempDataDir();
    const file = join(dir, STORE);
    const store = await FileStore.open(file);
    await addProject(store, 'p1');
    const before = await bytesOf(file);
    const { mtimeMs, ino } = await stat(file);

    const reopened = await FileStore.open(file);
    expect(await projectIds(reopened)).toEqual(['p1']);
    const after = await stat(file);
    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect([after.mtimeMs, after.ino]).toEqual([mtimeMs, ino]);
  });
});

describe('the CLI on an unusable store', () => {
  it.each([
    { what: 'truncated JSON', content: valid.slice(0, 40) },
    { what: 'a newer schema version', content: JSON.stringify({ ...emptyDocument(), schemaVersion: 99 }) },
  ])('exits non-zero naming the file for $what, and leaves it untouched', async ({ content }) => {
    const { dir, file, before } = await corruptStore(content);

    const result = await runCli(['--data', dir, 'admin', 'account', 'list']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(file);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect(await readdir(dir)).toEqual([STORE]);
  });
});
