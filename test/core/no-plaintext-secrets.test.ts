import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, openCore, totpCodeAt } from '../../src/core/index.ts';
import { tempDataDir } from '../support/core.ts';
import { storedDocument } from './store/support.ts';

const EMAIL = 'ann@example.com';
const FIRST_PASSWORD = 'first secret passphrase';
const SECOND_PASSWORD = 'second secret passphrase';

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('no plain-text secret in the data directory', () => {
  it('after creating, enabling MFA, logging in, using a recovery code, regenerating codes and changing the password', async () => {
    // A real file store with the real argon2id hasher and a key file, as the CLI runs it.
    const dataDir = await tempDataDir();
    const clock = new FakeClock();
    const core = await openCore({ dataDir, clock, env: {} });
    const { id } = await core.accounts.create({ email: EMAIL, password: FIRST_PASSWORD });
    await core.accounts.login({ email: EMAIL, password: 'a wrong guess 42' }).catch(() => undefined);

    const { secret } = await core.mfa.startEnrollment(id);
    const firstCodes = await core.mfa.activate(id, await totpCodeAt(secret, clock.now()));
    clock.advance({ seconds: 30 });

    let started = await core.accounts.login({ email: EMAIL, password: FIRST_PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    await core.accounts.completeMfaLogin({ challenge: started.challenge, code: await totpCodeAt(secret, clock.now()) });
    started = await core.accounts.login({ email: EMAIL, password: FIRST_PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    await core.accounts.completeMfaLogin({ challenge: started.challenge, code: firstCodes[0]! });

    clock.advance({ seconds: 30 });
    const secondCodes = await core.mfa.regenerateRecoveryCodes(id, await totpCodeAt(secret, clock.now()));
    await core.accounts.changePassword({ accountId: id, currentPassword: FIRST_PASSWORD, newPassword: SECOND_PASSWORD });
    // Issue 3's secrets: a Management API token (used once, then deleted) and a Slack link code.
    const kept = await core.tokens.create(id, { description: 'kept', expiresInDays: 30 });
    const removed = await core.tokens.create(id, { description: 'removed', expiresInDays: 30 });
    await core.tokens.verify(kept.secret);
    await core.tokens.delete(id, removed.token.id);
    const usedLink = await core.slackLink.createLinkCode(id);
    await core.slackLink.link({ code: usedLink.code, teamId: 'T1', userId: 'U1' });
    const pendingLink = await core.slackLink.createLinkCode(id);

    const forbidden = [
      FIRST_PASSWORD,
      SECOND_PASSWORD,
      'a wrong guess 42',
      secret,
      secret.toLowerCase(),
      ...[...firstCodes, ...secondCodes].flatMap((code) => [code, code.replace('-', ''), code.toUpperCase(), code.replace('-', '').toUpperCase()]),
      started.challenge,
      kept.secret,
      removed.secret,
      ...[usedLink.code, pendingLink.code].flatMap((code) => [code, code.replace('-', ''), code.toLowerCase()]),
    ];
    const files = await filesUnder(dataDir);
    expect(files.map((file) => file.slice(dataDir.length + 1)).sort()).toEqual(['kbc-account.json', 'kbc-account.json.journal', 'secret.key']);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const value of forbidden) {
        expect(bytes.includes(Buffer.from(value, 'utf8')), `${file} contains ${value}`).toBe(false);
      }
    }
    // The flows really ran: the store holds a sealed secret and hashed codes.
    const stored = await storedDocument(join(dataDir, 'kbc-account.json'));
    expect(stored.accounts[id]!.mfa.secret).toMatch(/^v1:/);
    expect(stored.accounts[id]!.mfa.recoveryCodes).toHaveLength(10);
  });
});
