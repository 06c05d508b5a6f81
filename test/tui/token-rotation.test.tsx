import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';
import { NOTE_IT_WARNING } from '../../src/tui/screens/settings/TokenCreatedView.tsx';
import { ROTATE_EXPLAINED } from '../../src/tui/screens/settings/RotateTokenForm.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'rotate@example.com';
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;

/** Logs in and opens Account Settings › Access Tokens with one token, "CI deploys". */
async function openTokens(prepare?: (setup: ReturnType<typeof testCore> & { accountId: string }) => Promise<void>) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  const created = await setup.core.tokens.create(accountId, { description: 'CI deploys', expiresInDays: 30 });
  await prepare?.({ ...setup, accountId });
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press('3');
  await harness.waitFor('CI deploys');
  return { ...setup, accountId, harness, ...created };
}

describe('rotating a token in the dashboard', () => {
  it('rotates with a 1-hour grace: the new token is shown once, the old one is listed as rotated until then', async () => {
    const { harness: h, core, accountId, token, secret } = await openTokens();
    expect(h.frame()).toContain('r rotate');
    await h.press('r');
    expect(await h.waitFor('Rotate “CI deploys”')).toContain(ROTATE_EXPLAINED.slice(0, 30));
    expect(h.frame()).toMatch(/◉ for 1 hour +○ not at all \(revoke it now\)/);
    await h.press(KEY.enter);

    const shown = await h.waitFor(NOTE_IT_WARNING);
    expect(shown).toContain('✔ Token rotated');
    expect(shown).toMatch(new RegExp(`…${token.hint} keeps working until .* \\(in about 1 hour\\)`));
    const fresh = TOKEN.exec(shown)?.[0] ?? '';
    expect(fresh).not.toBe(secret);
    await expect(core.tokens.verify(fresh)).resolves.toMatchObject({ accountId });
    await expect(core.tokens.verify(secret)).resolves.toMatchObject({ tokenId: token.id });

    await h.press(KEY.enter);
    const list = await h.waitFor('✔ Token “CI deploys” rotated');
    expect(list).not.toMatch(TOKEN);
    const rows = list.split('\n');
    expect(rows.find((row) => row.includes(`…${token.hint}`))).toMatch(/ROTATED/);
    // The old token, once selected, says until when it works; it cannot be rotated again.
    await h.press(KEY.down);
    await h.waitFor(`…${token.hint} was rotated: it keeps working until`);
    expect(h.frame()).not.toContain('r rotate');
    await h.press('r');
    expect(h.frame()).not.toContain('Rotate “CI deploys”');

  });

  it('asks for the password 15 minutes after sign-in, and "not at all" revokes the old token at once', async () => {
    const { harness: h, core, clock, secret } = await openTokens();
    clock.advance({ minutes: 16 });
    await h.press('r');
    await h.waitFor('◉ for 1 hour');
    await h.press(KEY.right);
    await h.waitFor('◉ not at all');
    await h.press(KEY.enter);
    await h.waitFor('Confirm it is you');
    await h.press(PASSWORD);
    await h.press(KEY.enter);
    const shown = await h.waitFor(NOTE_IT_WARNING);
    expect(shown).toContain('no longer works');
    await expect(core.tokens.verify(TOKEN.exec(shown)?.[0] ?? '')).resolves.toBeDefined();
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'rotated' } });
  });

  it('Esc leaves the rotation without changing anything', async () => {
    const { harness: h, core, accountId } = await openTokens();
    await h.press('r');
    await h.waitFor('Rotate “CI deploys”');
    await h.press(KEY.escape);
    await h.waitFor('r rotate');
    expect((await core.tokens.list(accountId)).map((t) => t.state)).toEqual(['active']);
  });

  it('shows a token revoked as leaked elsewhere as REVOKED, says why, and offers no rotation for it', async () => {
    const { harness: h, core, token, secret } = await openTokens();
    await h.waitFor('r rotate');
    await core.tokens.revokeLeaked([secret], { source: 'public_revocation' });
    const frame = await h.waitFor('REVOKED');
    expect(frame).not.toContain('r rotate');
    expect(flat(frame)).toContain(`…${token.hint} was revoked on`);
    expect(flat(frame)).toContain('because it leaked');
    await h.press('r');
    expect(h.frame()).not.toContain('Rotate “CI deploys”');
  });
});
