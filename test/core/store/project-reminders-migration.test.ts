import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { SCHEMA_VERSION } from '../../../src/core/store/schema.ts';
import { tempDataDir } from '../../support/core.ts';

describe('reminder DM kinds for data stored before schema 8', () => {
  it('opens a version-7 store file as version 8, keeping its entries, and stores the new outbox kinds', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    await (await FileStore.open(file)).close();
    const { sha256: _checksum, ...written } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...written, schemaVersion: 7 }), { mode: 0o600 });
    const store = await FileStore.open(file);
    try {
      const entry = {
        id: 'out_000000_a',
        kind: 'membership.expiring' as const,
        accountId: 'acc_1',
        ref: 'membership:prj_1:acc_1:2026-01-25T09:00:00.000Z:7d',
        payload: { projectId: 'prj_1', projectName: 'Sales', expiresAt: '2026-01-25T09:00:00.000Z' },
        createdAt: '2026-01-15T09:00:00.000Z',
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: '2026-01-15T09:00:00.000Z',
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        deliveredAt: null,
      };
      await store.transact(async (tx) => tx.put('outbox', entry.id, entry));
      expect((await store.view((view) => view.get('outbox', entry.id)))?.kind).toBe('membership.expiring');
      expect((await FileStore.load(file))?.schemaVersion).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBe(8);
    } finally {
      await store.close();
    }
  });
});
