import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, STORE_FILE } from '../../../src/core/index.ts';
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
