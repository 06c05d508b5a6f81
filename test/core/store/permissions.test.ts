import { chmod, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, fastTestHasher, openCore, STORE_FILE } from '../../../src/core/index.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { tempDataDir } from '../../support/core.ts';
import { addProject } from './support.ts';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('data directory permissions', () => {
  it('creates a new data directory 0700 and the store and key files 0600, and keeps them so', async () => {
    const dataDir = join(await tempDataDir(), 'nested', 'data');
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });

    expect(await modeOf(join(dataDir, '..'))).toBe(0o700);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, STORE_FILE))).toBe(0o600);
    expect(await modeOf(join(dataDir, 'secret.key'))).toBe(0o600);

    for (let i = 0; i < 25; i++) await core.projects.create({ name: `Project ${i}` });
    const listed = await core.projects.list();
    expect(listed.items).toHaveLength(25);
    expect(listed.next).toBeNull();
    expect(await modeOf(join(dataDir, STORE_FILE))).toBe(0o600);
    expect(await modeOf(dataDir)).toBe(0o700);
  });

  it('tightens a journal someone loosened on the next write, and both files on the next open', async () => {
    const file = join(await tempDataDir(), STORE_FILE);
    const journal = `${file}.journal`;
    const store = await FileStore.open(file);
    expect(await modeOf(journal)).toBe(0o600);
    await chmod(file, 0o644);
    await chmod(journal, 0o644);

    await addProject(store, 'p1');
    expect(await modeOf(journal)).toBe(0o600);
    await chmod(journal, 0o644);
    await FileStore.open(file);
    expect([await modeOf(file), await modeOf(journal)]).toEqual([0o600, 0o600]);
  });

  it('tightens an existing data directory that was too open', async () => {
    const dataDir = await tempDataDir();
    await chmod(dataDir, 0o755);
    await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    expect(await modeOf(dataDir)).toBe(0o700);
  });

  it('never loosens a mode the user set: a read-only data directory and store files stay read-only, a 0555 one only loses group and other bits', async () => {
    const dataDir = await tempDataDir();
    await (await openCore({ dataDir, hasher: fastTestHasher(), env: {} })).close();
    const file = join(dataDir, STORE_FILE);
    await chmod(file, 0o400);
    await chmod(`${file}.journal`, 0o400);
    await chmod(dataDir, 0o500);
    await (await openCore({ dataDir, hasher: fastTestHasher(), env: {} })).close();
    expect([await modeOf(dataDir), await modeOf(file), await modeOf(`${file}.journal`)]).toEqual([0o500, 0o400, 0o400]);

    await chmod(dataDir, 0o555);
    await chmod(file, 0o444);
    await (await openCore({ dataDir, hasher: fastTestHasher(), env: {} })).close();
    expect([await modeOf(dataDir), await modeOf(file)]).toEqual([0o500, 0o400]);
  });

  it('keeps a store file its owner made read-only read-only when a compaction rewrites it', async () => {
    const file = join(await tempDataDir(), STORE_FILE);
    await FileStore.open(file);
    await chmod(file, 0o400);
    const store = await FileStore.open(file, { compactJournalAtBytes: 1 });
    await addProject(store, 'p1');
    await addProject(store, 'p2');
    expect(await modeOf(file)).toBe(0o400);
    expect((await FileStore.load(file))?.projects).toHaveProperty('p2');
  });

  it('refuses a data directory that is a file, or lies under one, with a ConfigError naming it and nothing written', async () => {
    const file = join(await tempDataDir(), 'notes.txt');
    await writeFile(file, 'not a directory');
    const [toFile, dangling] = [join(dirname(file), 'to-file'), join(dirname(file), 'dangling')];
    await symlink(file, toFile);
    await symlink(join(dirname(file), 'nowhere'), dangling);
    for (const dataDir of [file, join(file, 'data'), toFile, dangling]) {
      const error = await openCore({ dataDir, hasher: fastTestHasher(), env: {} }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`the data directory ${dataDir}`);
    }
    expect((await readdir(dirname(file))).sort()).toEqual(['dangling', 'notes.txt', 'to-file']);
    expect(await readFile(file, 'utf8')).toBe('not a directory');
  });

  it('says when opening created the data directory: a new, empty store', async () => {
    const dataDir = join(await tempDataDir(), 'new');
    const first = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    expect(first.created).toBe(true);
    await first.close();
    expect((await openCore({ dataDir, hasher: fastTestHasher(), env: {} })).created).toBe(false);
  });

  it('leaves the mode of an existing directory that holds other files alone, but keeps its own files private', async () => {
    const dataDir = await tempDataDir();
    await writeFile(join(dataDir, 'notes.txt'), 'not ours');
    await chmod(dataDir, 0o755);
    await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    expect(await modeOf(dataDir)).toBe(0o755);
    expect(await modeOf(join(dataDir, STORE_FILE))).toBe(0o600);
    expect(await modeOf(join(dataDir, 'secret.key'))).toBe(0o600);
  });
});
