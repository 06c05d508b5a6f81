import { describe, expect, it } from 'vitest';
import { PASSWORD, makeAccount, testCore } from '../../support/core.ts';

/** Ways to write an address that looks like, or folds into, ann@example.com. */
const FULLWIDTH = 'ＡＮＮ@example.com';
const CYRILLIC_A = '\u0430nn@example.com';
const ZERO_WIDTH = 'ann\u200b@example.com';
const BIDI_OVERRIDE = 'ann\u202e@example.com';

describe('emails that look alike', () => {
  it('folds a fullwidth address into the one it shows: it finds and conflicts with the same account', async () => {
    const { core } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');

    await expect(core.accounts.create({ email: FULLWIDTH, password: PASSWORD })).rejects.toMatchObject({ code: 'EMAIL_TAKEN', details: { email: 'ann@example.com' } });
    expect(await core.accounts.getByEmail(FULLWIDTH)).toMatchObject({ id: annId, email: 'ann@example.com' });
    expect(await core.accounts.findByEmail('ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toMatchObject({ id: annId });
    await expect(core.accounts.login({ email: FULLWIDTH, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect((await core.accounts.list()).items).toHaveLength(1);
  });

  it('stores a new fullwidth address in its folded form', async () => {
    const { core } = testCore();
    expect((await core.accounts.create({ email: FULLWIDTH, password: PASSWORD })).email).toBe('ann@example.com');
  });

  it.each([
    ['a Cyrillic letter among Latin ones', CYRILLIC_A, 'mixes letters of different scripts'],
    ['a zero-width space', ZERO_WIDTH, 'invisible formatting characters'],
    ['a right-to-left override', BIDI_OVERRIDE, 'invisible formatting characters'],
    ['a byte order mark inside', 'ann\ufeffx@example.com', 'invisible formatting characters'],
    ['a Greek omicron among Latin letters', 'b\u03bfb@example.com', 'mixes letters of different scripts'],
  ])('refuses an address with %s, and never makes it a second account', async (_what, email, why) => {
    const { core } = testCore();
    await makeAccount(core, 'ann@example.com');

    const error = await core.accounts.create({ email, password: PASSWORD }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_EMAIL' });
    expect((error as Error).message).toContain(why);
    // Repeated with the invisible character escaped: the message cannot reorder the line it is printed on.
    expect((error as Error).message).not.toMatch(/[\u200b\u202e\ufeff]/u);
    await expect(core.accounts.login({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(core.accounts.getByEmail(email)).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
    expect((await core.accounts.list()).items.map((a) => a.email)).toEqual(['ann@example.com']);
  });

  it('refuses an address holding half of a character (a lone surrogate), which PostgreSQL would store as U+FFFD: two such addresses would be one key', async () => {
    const { core } = testCore();
    for (const email of ['\ud800@example.com', '\udc00\udc00@example.com']) {
      const error = await core.accounts.create({ email, password: PASSWORD }).catch((e: unknown) => e);
      expect(error, JSON.stringify(email)).toMatchObject({ code: 'INVALID_EMAIL' });
      expect((error as Error).message).toContain('half of a character');
      // Repeated escaped: the message is well-formed text, whatever prints it.
      expect((error as Error).message).not.toMatch(/\p{Cs}/u);
      await expect(core.accounts.login({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    expect((await core.accounts.list()).items).toHaveLength(0);
  });

  it('keeps addresses written in one script, and those that mix scripts as their language does', async () => {
    const { core } = testCore();
    for (const email of ['иван@example.com', 'δοκιμή@example.com', 'やまだ太郎@example.jp', 'ann-2024.o_brien@example.com']) {
      expect((await core.accounts.create({ email, password: PASSWORD })).email).toBe(email);
    }
  });

  it('converts an international domain to its ASCII form, so both spellings are one account', async () => {
    const { core } = testCore();
    const created = await core.accounts.create({ email: 'ann@Bücher.example', password: PASSWORD });
    expect(created.email).toBe('ann@xn--bcher-kva.example');
    expect(await core.accounts.getByEmail('ann@xn--bcher-kva.example')).toMatchObject({ id: created.id });
    await expect(core.accounts.create({ email: 'ANN@XN--BCHER-KVA.EXAMPLE', password: PASSWORD })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('refuses a domain IDNA cannot convert, or one that percent-decoding would turn into another', async () => {
    const { core } = testCore();
    for (const email of ['ann@xn--.example', 'ann@-example.com', 'ann@ex%61mple.com', 'ann@[127.0.0.1]']) {
      await expect(core.accounts.create({ email, password: PASSWORD }), email).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
    }
  });

  it('looks invitations, project members and notification audiences up by the folded address', async () => {
    const { core } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');
    const project = await core.projects.create({ name: 'Sales' });

    const invitation = await core.invitations.create({ projectId: project.id, email: FULLWIDTH });
    expect(invitation.email).toBe('ann@example.com');
    expect((await core.invitations.listPending(annId)).map((i) => i.id)).toEqual([invitation.id]);
    await expect(core.invitations.create({ projectId: project.id, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'INVITATION_DUPLICATE' });
    expect((await core.invitations.list({ email: FULLWIDTH })).items.map((i) => i.id)).toEqual([invitation.id]);
    await expect(core.invitations.create({ projectId: project.id, email: CYRILLIC_A })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });

    await core.projects.addMember({ projectId: project.id, email: FULLWIDTH });
    await expect(core.projects.addMember({ projectId: project.id, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'ALREADY_MEMBER' });
    await expect(core.projects.addMember({ projectId: project.id, email: ZERO_WIDTH })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });

    const { recipients } = await core.notifications.publish({ kind: 'announcement', title: 'Hi', message: 'm', audience: { type: 'accounts', emails: [FULLWIDTH, 'ann@example.com'] } });
    expect(recipients).toBe(1);
    await expect(core.notifications.publish({ kind: 'announcement', title: 'Hi', message: 'm', audience: { type: 'accounts', emails: [BIDI_OVERRIDE] } })).rejects.toMatchObject({
      code: 'INVALID_EMAIL',
    });
  });

  it('lets an invitation sent to the fullwidth form wait for the account created with the plain one', async () => {
    const { core } = testCore();
    const project = await core.projects.create({ name: 'Sales' });
    const invitation = await core.invitations.create({ projectId: project.id, email: FULLWIDTH });

    const annId = await makeAccount(core, 'ann@example.com');
    expect((await core.invitations.listPending(annId)).map((i) => i.id)).toEqual([invitation.id]);
  });
});
