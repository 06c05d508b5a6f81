import { appendFile, copyFile, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { emptyDocument, SCHEMA_VERSION } from '../../../src/core/store/schema.ts';
import { StoreError } from '../../../src/core/store/store-error.ts';
import { stored, tempDataDir } from '../../support/core.ts';
import { addProject, bytesOf, projectIds, projectRecord, STORE_FILES, storedDocument } from './support.ts';

async function openStore(options: Parameters<typeof FileStore.open>[1] = {}) {
  const dir = await tempDataDir();
  const file = join(dir, 'kbc-account.json');
  return { dir, file, journal: `${file}.journal`, store: await FileStore.open(file, options) };
}

const journalLines = async (journal: string) => (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
/** The ids of the projects stored at `file`, as a new process would load them, sorted. */
const storedIds = async (file: string) => Object.keys((await storedDocument(file)).projects).sort();

async function refusal(file: string): Promise<StoreError> {
  const error = await FileStore.open(file).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('the journal', () => {
  it('records a transaction as one appended line and leaves the store file as it was', async () => {
    const { file, journal, store } = await openStore();
    const before = await bytesOf(file);

    await addProject(store, 'p1');
    await addProject(store, 'p2');

    expect((await bytesOf(file)).equals(before)).toBe(true);
    const [header, ...records] = await journalLines(journal);
    expect(JSON.parse(header!)).toMatchObject({ journal: 'kbc-account', base: 0 });
    expect(records.map((line) => JSON.parse(line) as { rev: number; changes: unknown[] })).toEqual([
      { rev: 1, changes: [['projects', 'p1', projectRecord('p1')]] },
      { rev: 2, changes: [['projects', 'p2', projectRecord('p2')]] },
    ]);
    expect(await storedIds(file)).toEqual(['p1', 'p2']);
  });

  it('writes nothing for a change that changes nothing, even one that reads entries', async () => {
    const { journal, store } = await openStore();
    await addProject(store, 'p1');
    const before = await bytesOf(journal);

    await store.transact(async (tx) => {
      const project = (await tx.get('projects', 'p1'))!;
      project.name = String(project.name);
    });
    expect((await bytesOf(journal)).equals(before)).toBe(true);
  });

  it('records a delete, and a delete followed by a new entry under the same key', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    await addProject(store, 'p2');
    await store.transact(async (tx) => {
      tx.delete('projects', 'p1');
      tx.delete('projects', 'p2');
      tx.put('projects', 'p1', projectRecord('p1', 'Again'));
    });

    const loaded = await storedDocument(file);
    expect(loaded.projects).toEqual({ p1: projectRecord('p1', 'Again') });
    // The writer shows the same as a new process loads.
    expect(await projectIds(store)).toEqual(Object.keys(loaded.projects));
    expect(await stored(store, 'projects', 'p1')).toEqual(loaded.projects.p1);
  });

  it('folds the journal into the store file once it passes the threshold, and readers elsewhere keep up', async () => {
    const { file, journal, store } = await openStore({ compactJournalAtBytes: 2_000 });
    const reader = await FileStore.open(file);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(`p${i}`);
      await addProject(store, `p${i}`);
      // A reader that keeps up only ever reads the journal's new lines, across compactions too.
      expect(await projectIds(reader)).toEqual(ids.slice().sort());
    }

    const lines = await journalLines(journal);
    expect(lines.length).toBeLessThan(12);
    const main = JSON.parse(await readFile(file, 'utf8')) as { revision: number; projects: object };
    expect(main.revision).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ base: main.revision });
    expect(await storedIds(file)).toEqual(ids.slice().sort());
    expect((await readdir(join(file, '..'))).sort()).toEqual([...STORE_FILES]);
  });

  it('lets a reader that fell behind a compaction load the files whole', async () => {
    const { file, store } = await openStore({ compactJournalAtBytes: 1_000 });
    const reader = await FileStore.open(file);
    const first = await reader.changeSignal();
    for (let i = 0; i < 10; i++) await addProject(store, `p${i}`);

    expect(await reader.changeSignal()).not.toBe(first);
    expect(await projectIds(reader)).toHaveLength(10);
  });

  it('ignores a record cut short by a crash, and the next writer writes over it', async () => {
    const { file, journal, store } = await openStore();
    await addProject(store, 'p1');
    await appendFile(journal, '{"rev":2,"changes":[["projects","torn",{"id":"to');

    const reopened = await FileStore.open(file);
    expect(await projectIds(reopened)).toEqual(['p1']);
    await addProject(reopened, 'p2');

    const [, ...records] = await journalLines(journal);
    expect(records.map((line) => (JSON.parse(line) as { rev: number }).rev)).toEqual([1, 2]);
    expect(await storedIds(file)).toEqual(['p1', 'p2']);
  });

  it('recovers from a compaction stopped between writing the store file and the new journal', async () => {
    const { file, journal, store } = await openStore({ compactJournalAtBytes: 1_500 });
    await addProject(store, 'p0');
    const oldJournal = `${journal}.old`;
    await copyFile(journal, oldJournal);
    let compacted = false;
    for (let i = 1; !compacted; i++) {
      await copyFile(journal, oldJournal);
      await addProject(store, `p${i}`);
      compacted = (await journalLines(journal)).length === 1;
    }
    // As if the process died after renaming the store file: the old journal is still there.
    await copyFile(oldJournal, journal);
    await rm(oldJournal);
    const expected = await projectIds(store);

    const reopened = await FileStore.open(file);
    expect(await projectIds(reopened)).toEqual(expected);
    await addProject(reopened, 'after');
    expect(await storedIds(file)).toEqual([...expected, 'after'].sort());
  });

  it('opens a version-1 store file (no journal yet) and keeps its data', async () => {
    const dir = await tempDataDir();
    const file = join(dir, 'kbc-account.json');
    // Version 1 had no sessions, no settings and no throttles.
    const { sessions: _sessions, meta: _meta, throttles: _throttles, ...version1 } = emptyDocument();
    await writeFile(file, JSON.stringify({ ...version1, schemaVersion: 1, projects: { p1: projectRecord('p1') } }), { mode: 0o600 });

    const store = await FileStore.open(file);
    expect(await projectIds(store)).toEqual(['p1']);
    expect(await store.view(async (view) => view.page('sessions', 'started', { key: '*', limit: 10, after: null }))).toEqual({ items: [], next: null });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION, revision: 0 });
    expect((await readdir(dir)).sort()).toEqual([...STORE_FILES]);
  });

  it('opens a version-4 store and finds its Slack links under the version-5 key (the user id), the newest of a shared user id kept', async () => {
    const { file } = await openStore();
    const link = (accountId: string, teamId: string, userId: string, linkedAt: string) => ({ accountId, teamId, userId, linkedAt });
    const { sha256: _checksum, ...written } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const slackLinks = {
      acc_a: link('acc_a', 'T1', 'U1', '2026-01-01T00:00:00.000Z'),
      // One user id from two teams: under the new key they are one Slack user; the newest link stays.
      acc_b: link('acc_b', 'T1', 'U2', '2026-01-01T00:00:00.000Z'),
      acc_c: link('acc_c', 'T2', 'U2', '2026-01-02T00:00:00.000Z'),
    };
    await writeFile(file, JSON.stringify({ ...written, schemaVersion: 4, slackLinks }), { mode: 0o600 });

    const store = await FileStore.open(file);
    const holder = async (key: string) => (await store.view((view) => view.find('slackLinks', 'slackUser', key))).map((found) => found.accountId);
    expect(await holder('U1')).toEqual(['acc_a']);
    expect(await holder('U2')).toEqual(['acc_c']);
    expect(await holder('T1\u001fU1')).toEqual([]);
    expect(await stored(store, 'slackLinks', 'acc_a')).toMatchObject({ teamId: 'T1', userId: 'U1' });
    expect(await stored(store, 'slackLinks', 'acc_b')).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION });
  });

  it('signals a change, and entries already read never change', async () => {
    const { store } = await openStore();
    await addProject(store, 'p1');
    const before = await store.changeSignal();
    const project = (await stored(store, 'projects', 'p1'))!;

    await store.transact(async (tx) => {
      (await tx.get('projects', 'p1'))!.name = 'Renamed';
    });
    expect(await store.changeSignal()).not.toBe(before);
    expect((await stored(store, 'projects', 'p1'))!.name).toBe('Renamed');
    expect(project.name).toBe('p1');
  });
});

describe('a journal that cannot be used', () => {
  const cases = [
    { what: 'a record that is not JSON', content: (header: string) => `${header}\n{"rev":1,"changes":[[nope\n`, code: 'STORE_JOURNAL_INVALID' },
    { what: 'a record that skips a revision', content: (header: string) => `${header}\n{"rev":2,"changes":[]}\n`, code: 'STORE_JOURNAL_INVALID' },
    {
      what: 'an entry that breaks the schema',
      content: (header: string) => `${header}\n{"rev":1,"changes":[["projects","p9",{"id":"p9"}]]}\n`,
      code: 'STORE_SCHEMA_INVALID',
    },
    { what: 'an unknown collection', content: (header: string) => `${header}\n{"rev":1,"changes":[["widgets","w1",{}]]}\n`, code: 'STORE_JOURNAL_INVALID' },
    { what: 'a foreign header', content: () => '{"hello":"world"}\n', code: 'STORE_JOURNAL_INVALID' },
    { what: 'a header starting after the store file', content: (header: string) => header.replace('"base":0', '"base":7') + '\n', code: 'STORE_JOURNAL_INVALID' },
  ] as const;

  it.each(cases)('refuses $what with $code, naming the file, and leaves both files untouched', async ({ content, code }) => {
    const { file, journal } = await openStore();
    const header = (await journalLines(journal))[0]!;
    await writeFile(journal, content(header));
    const before = [await bytesOf(file), await bytesOf(journal)];

    const error = await refusal(file);
    expect(error.code).toBe(code);
    expect(error.message).toContain(file);
    if (code === 'STORE_SCHEMA_INVALID') expect(error.message).toContain('journal');
    expect([await bytesOf(file), await bytesOf(journal)]).toEqual(before);
  });

  it('refuses a journal whose store file is missing', async () => {
    const { file, journal, store } = await openStore();
    await addProject(store, 'p1');
    await rm(file);
    const before = await bytesOf(journal);

    const error = await refusal(file);
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
    expect((await bytesOf(journal)).equals(before)).toBe(true);
    expect((await stat(file).catch(() => null)) === null).toBe(true);
  });

  it('refuses a store whose journal was deleted, instead of rolling back to the last compaction', async () => {
    const { file, journal, store } = await openStore();
    await addProject(store, 'p1');
    await rm(journal);
    const before = await bytesOf(file);

    const error = await refusal(file);
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
    expect(error.message).toContain('is missing');
    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect((await stat(journal).catch(() => null)) === null).toBe(true);
  });

  it("refuses another store's journal copied beside the store file, instead of showing the other store's data", async () => {
    const mine = await openStore();
    const theirs = await openStore();
    await addProject(mine.store, 'mine');
    await addProject(theirs.store, 'theirs');
    await copyFile(theirs.journal, mine.journal);
    const before = [await bytesOf(mine.file), await bytesOf(mine.journal)];

    const error = await refusal(mine.file);
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: mine.journal });
    expect(error.message).toContain('belongs to another store');
    expect([await bytesOf(mine.file), await bytesOf(mine.journal)]).toEqual(before);
  });

  it('refuses a journal older than the compaction before last, and one restored from before the store file', async () => {
    const { file, journal, store } = await openStore({ compactJournalAtBytes: 1_000 });
    const ids = async () => (JSON.parse((await journalLines(journal))[0]!) as { id: string }).id;
    const first = await ids();
    const oldest = `${journal}.oldest`;
    await copyFile(journal, oldest);
    for (let i = 0; (await ids()) === first || i < 40; i++) await addProject(store, `p${i}`);
    const second = await ids();
    for (let i = 40; (await ids()) === second; i++) await addProject(store, `p${i}`);
    expect(await ids()).not.toBe(first);
    await copyFile(oldest, journal);
    const before = [await bytesOf(file), await bytesOf(journal)];

    const error = await refusal(file);
    expect(error).toMatchObject({ code: 'STORE_JOURNAL_INVALID', file: journal });
    expect([await bytesOf(file), await bytesOf(journal)]).toEqual(before);
  });

  it('starts over from a creation cut short after the first journal was written and before the store file', async () => {
    const { file, journal } = await openStore();
    await rm(file);
    const reopened = await FileStore.open(file);
    await addProject(reopened, 'p1');
    expect(await storedIds(file)).toEqual(['p1']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ journal: { id: expect.any(String) } });
    expect(await journalLines(journal)).toHaveLength(2);
  });
});

describe('the store file checksum', () => {
  /** A store whose file was written by a compaction (so it carries a checksum) holding project p1 "Alpha". */
  async function compacted() {
    const { file, journal, store } = await openStore({ compactJournalAtBytes: 1 });
    await addProject(store, 'p1', 'Alpha');
    await addProject(store, 'p2');
    expect(await journalLines(journal)).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toMatch(/,"sha256":"[0-9a-f]{64}"\}$/);
    return { file, journal };
  }

  it('refuses a store file changed after it was written, even into valid data, and leaves it untouched', async () => {
    const { file, journal } = await compacted();
    await writeFile(file, (await readFile(file, 'utf8')).replace('"name":"Alpha"', '"name":"Alphb"'));
    const before = [await bytesOf(file), await bytesOf(journal)];

    const error = await refusal(file);
    expect(error).toMatchObject({ code: 'STORE_CHECKSUM_INVALID', file });
    expect([await bytesOf(file), await bytesOf(journal)]).toEqual(before);
  });

  it('opens a file whose checksum was removed (an edit by hand) after checking every entry against the schema', async () => {
    const { file } = await compacted();
    const edited = (await readFile(file, 'utf8')).replace('"name":"Alpha"', '"name":"Edited"').replace(/,"sha256":"[0-9a-f]{64}"\}$/, '}');
    await writeFile(file, edited);
    const store = await FileStore.open(file);
    expect((await store.view((view) => view.get('projects', 'p1')))?.name).toBe('Edited');

    await writeFile(file, edited.replace('"name":"Edited"', '"name":42'));
    expect((await refusal(file)).code).toBe('STORE_SCHEMA_INVALID');
  });
});

