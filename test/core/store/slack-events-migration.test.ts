import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { SCHEMA_VERSION } from '../../../src/core/store/schema.ts';
import { tempDataDir } from '../../support/core.ts';

describe('handled Slack events for data stored before schema 7', () => {
  it('opens a version-6 store file, adds the empty collection, and keeps records in it', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    // A store as this program writes it (it names its journal), turned back into version 6.
    await (await FileStore.open(file)).close();
    const { sha256: _checksum, slackEvents: _events, ...written } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...written, schemaVersion: 6 }), { mode: 0o600 });
    const store = await FileStore.open(file);
    try {
      const record = { eventId: 'Ev1', receivedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T01:00:00.000Z' };
      await store.transact(async (tx) => tx.put('slackEvents', 'Ev1', record));
      expect(await store.view((view) => view.get('slackEvents', 'Ev1'))).toEqual(record);
      expect((await FileStore.load(file))?.schemaVersion).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBe(8);
    } finally {
      await store.close();
    }
  });
});
