import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { emptyDocument } from '../../../src/core/store/schema.ts';
import { StoreError } from '../../../src/core/store/store-error.ts';
import { tempDataDir } from '../../support/core.ts';
import { addProject, bytesOf, projectIds, projectRecord } from './support.ts';

const STORE = 'kbc-account.json';

/** A store with one project, its store file and its journal. */
async function storeWithProject(): Promise<{ dir: string; file: string; journal: string }> {
  const dir = await tempDataDir();
  const file = join(dir, STORE);
  const store = await FileStore.open(file);
  await addProject(store, 'p1');
  await store.close();
  return { dir, file, journal: `${file}.journal` };
}

async function refusal(run: () => Promise<unknown>): Promise<StoreError> {
  const error = await run().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

/** Refused within this long: a FIFO that hung the reader would run into the test's timeout instead. */
const PROMPTLY_MS = 10_000;

describe('store files that are not regular files', () => {
  it('refuses a journal that is a link to /dev/zero, without reading it', async () => {
    const { file, journal } = await storeWithProject();
    await rename(journal, `${journal}.moved`);
    await symlink('/dev/zero', journal);

    for (const open of [() => FileStore.open(file), () => FileStore.load(file)]) {
      const error = await refusal(open);
      expect(error).toMatchObject({ code: 'STORE_UNREADABLE', file: journal });
      expect(error.message).toContain('is a character device, not a regular file');
    }
  }, PROMPTLY_MS);

  it('refuses a journal that is a FIFO instead of waiting for a writer', async () => {
    const { file, journal } = await storeWithProject();
    await rename(journal, `${journal}.moved`);
    mkfifo(journal);

    const error = await refusal(() => FileStore.open(file));
    expect(error).toMatchObject({ code: 'STORE_UNREADABLE', file: journal });
    expect(error.message).toContain('is a FIFO (named pipe), not a regular file');
  }, PROMPTLY_MS);

  it('refuses a store file that is a FIFO, or a link to a device, and leaves the journal untouched', async () => {
    for (const make of [mkfifo, (path: string) => symlink('/dev/zero', path)]) {
      const { file, journal } = await storeWithProject();
      const journalBefore = await bytesOf(journal);
      await rename(file, `${file}.moved`);
      await make(file);

      const error = await refusal(() => FileStore.open(file));
      expect(error).toMatchObject({ code: 'STORE_UNREADABLE', file });
      expect(error.message).toMatch(/is a (FIFO \(named pipe\)|character device), not a regular file/);
      expect((await bytesOf(journal)).equals(journalBefore)).toBe(true);
    }
  }, PROMPTLY_MS);

  it('refuses a store file that links to nothing instead of starting a new, empty store there', async () => {
    const dir = await tempDataDir();
    const file = join(dir, STORE);
    await symlink(join(dir, 'unmounted', STORE), file);

    const error = await refusal(() => FileStore.open(file));
    expect(error).toMatchObject({ code: 'STORE_UNREADABLE', file });
    expect(error.message).toContain('is a symbolic link to');
    expect(error.message).toContain('does not exist');
  });

  it('refuses a directory where the journal should be', async () => {
    const { file, journal } = await storeWithProject();
    await rename(journal, `${journal}.moved`);
    await mkdir(journal);

    expect(await refusal(() => FileStore.open(file))).toMatchObject({ code: 'STORE_UNREADABLE', file: journal });
  });

  it('still opens a store file and journal that are links to regular files', async () => {
    const { dir, file, journal } = await storeWithProject();
    await mkdir(join(dir, 'real'));
    for (const path of [file, journal]) {
      const real = join(dir, 'real', path.slice(dir.length + 1));
      await rename(path, real);
      await symlink(real, path);
    }

    const store = await FileStore.open(file);
    await addProject(store, 'p2');
    expect(await projectIds(store)).toEqual(['p1', 'p2']);
    expect(await projectIds(await FileStore.open(file))).toEqual(['p1', 'p2']);
  });
});

/** The store file's text for `body` (a JSON object's text) with the checksum kbc-account writes (see parse-document.ts). */
function withChecksum(body: string): string {
  const open = body.slice(0, -1);
  return `${open},"sha256":"${createHash('sha256').update(open).digest('hex')}"}`;
}

describe('a "__proto__" key in the store', () => {
  it('refuses a journal record that carries one inside an entry, and loads nothing from it', async () => {
    const { file, journal } = await storeWithProject();
    // As JSON.parse reads it, an own property; copied by assignment, the entry's prototype.
    const entry = `{"__proto__":{"name":"polluted"},${JSON.stringify(projectRecord('p2')).slice(1)}`;
    await appendFile(journal, `{"rev":2,"changes":[["projects","p2",${entry}]]}\n`);

    const error = await refusal(() => FileStore.open(file));
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
    expect(error.message).toContain('"__proto__" key (changes.0.2.__proto__');
  });

  it('refuses a journal record that spells the key with escapes', async () => {
    const { file, journal } = await storeWithProject();
    const entry = `{"\\u005f_proto__":{"name":"polluted"},${JSON.stringify(projectRecord('p2')).slice(1)}`;
    await appendFile(journal, `{"rev":2,"changes":[["projects","p2",${entry}]]}\n`);

    expect(await refusal(() => FileStore.open(file))).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
  });

  it('refuses a journal record that sets "__proto__" as an entry of a collection', async () => {
    const { file, journal } = await storeWithProject();
    await appendFile(journal, `${JSON.stringify({ rev: 2, changes: [['projects', '__proto__', projectRecord('p2')]] })}\n`);

    const error = await refusal(() => FileStore.open(file));
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
    expect(error.message).toContain('"__proto__" is not a key');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('refuses a store file with one, whether or not its checksum holds, and leaves it untouched', async () => {
    const document = { ...emptyDocument(), projects: { p1: projectRecord('p1') } };
    const body = JSON.stringify({ ...document, revision: 0, journal: { id: 'a'.repeat(16), previous: null } }).replace(
      '"projects":{',
      '"projects":{"__proto__":{"polluted":true},',
    );
    for (const content of [body, withChecksum(body)]) {
      const dir = await tempDataDir();
      const file = join(dir, STORE);
      await writeFile(file, content, { mode: 0o600 });

      const error = await refusal(() => FileStore.open(file));
      expect(error).toMatchObject({ code: 'STORE_SCHEMA_INVALID', file });
      expect(error.message).toContain('"__proto__" key (projects.__proto__)');
      expect(await readFile(file, 'utf8')).toBe(content);
    }
  });

  it('refuses to write an entry under "__proto__", and writes nothing', async () => {
    const { file, journal } = await storeWithProject();
    const store = await FileStore.open(file);
    const before = await bytesOf(journal);

    await expect(store.transact(async (tx) => tx.put('projects', '__proto__', projectRecord('x')))).rejects.toThrow(/__proto__/);
    expect((await bytesOf(journal)).equals(before)).toBe(true);
    expect(await projectIds(store)).toEqual(['p1']);
  });
});
