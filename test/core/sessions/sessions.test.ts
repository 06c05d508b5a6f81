import { describe, expect, it } from 'vitest';
import { totpCodeAt, type Core, type Session } from '../../../src/core/index.ts';
import { PASSWORD, makeAccount, storeContents, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from '../mfa/mfa-helpers.ts';

const EMAIL = 'ann@example.com';
const NEW_PASSWORD = 'a brand new passphrase';

async function signIn(core: Core, via: 'dashboard' | 'ssh' = 'dashboard'): Promise<Session> {
  const result = await core.accounts.login({ email: EMAIL, password: PASSWORD, via });
  if (result.status !== 'ok') throw new Error('expected a session');
  return result.session;
}

async function signInWithMfaUsing(core: Core, clock: ReturnType<typeof testCore>['clock'], secret: string): Promise<Session> {
  const first = await core.accounts.login({ email: EMAIL, password: PASSWORD });
  if (first.status !== 'mfa_required') throw new Error('expected MFA');
  clock.advance({ seconds: 30 });
  return core.accounts.completeMfaLogin({ challenge: first.challenge, code: await totpCodeAt(secret, clock.now()) });
}

async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  return { ...t, id };
}

const ended = (reason: string) => ({ code: 'SESSION_ENDED', details: { reason } });

describe('sessions', () => {
  it('a login starts a session whose calls act for its account; the store holds a digest of its token, not the token', async () => {
    const { core, store, id } = await setup();
    const session = await signIn(core);
    expect(session.token).toMatch(/^kbs_[A-Za-z0-9_-]{43}$/);

    const me = core.signedIn(session.token);
    expect(await me.accounts.get()).toMatchObject({ id, email: EMAIL });
    expect(await me.accountId()).toBe(id);
    expect(await storeContents(store)).not.toContain(session.token.slice(4));
  });

  it('refuses a made-up or malformed token with SESSION_ENDED, and acts for nobody', async () => {
    const { core } = await setup();
    for (const token of ['kbs_forged', '', 'constructor', 'kbs_' + 'A'.repeat(43)]) {
      await expect(core.signedIn(token).tokens.list()).rejects.toMatchObject(ended('unknown'));
    }
  });

  it('a password change ends every other session of the account, but not the one that changed it', async () => {
    const { core, clock } = await setup();
    const here = await signIn(core);
    const elsewhere = await signIn(core, 'ssh');
    clock.advance({ minutes: 1 });

    await core.signedIn(here.token).accounts.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });

    // The reported defect: the other dashboard could still create a token afterwards.
    await expect(core.signedIn(elsewhere.token).tokens.create({ description: 'after the change', expiresInDays: 7 })).rejects.toMatchObject(
      ended('password_changed'),
    );
    await expect(core.signedIn(elsewhere.token).tokens.list()).rejects.toMatchObject(ended('password_changed'));
    expect(await core.signedIn(here.token).tokens.list()).toEqual([]);
  });

  it("an operator's MFA reset, MFA disabled elsewhere, and a lockout end the sessions", async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const signInWithMfa = async () => {
      const first = await core.accounts.login({ email: EMAIL, password: PASSWORD });
      if (first.status !== 'mfa_required') throw new Error('expected MFA');
      clock.advance({ seconds: 30 });
      return core.accounts.completeMfaLogin({ challenge: first.challenge, code: await totpCodeAt(secret, clock.now()) });
    };
    const a = await signInWithMfa();
    const b = await signInWithMfa();
    clock.advance({ seconds: 30 });
    await core.signedIn(a.token).mfa.disable(await totpCodeAt(secret, clock.now()));
    await expect(core.signedIn(b.token).accounts.get()).rejects.toMatchObject(ended('mfa_disabled'));
    expect(await core.signedIn(a.token).accounts.get()).toMatchObject({ mfaEnabled: false });

    const { secret: again } = await enableMfa(core, clock, id);
    expect(again).not.toBe(secret);
    await core.accounts.resetMfa(EMAIL);
    await expect(core.signedIn(a.token).accounts.get()).rejects.toMatchObject(ended('mfa_reset'));

    // Wrong codes after the right password lock the account: someone holds the password.
    const { secret: third } = await enableMfa(core, clock, id);
    const c = await signInWithMfaUsing(core, clock, third);
    const challenge = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (challenge.status !== 'mfa_required') throw new Error('expected MFA');
    for (let i = 0; i < 5; i++) {
      await core.accounts.completeMfaLogin({ challenge: challenge.challenge, code: await wrongCode(third, clock.now()) }).catch(() => undefined);
    }
    await expect(core.signedIn(c.token).accounts.get()).rejects.toMatchObject(ended('locked'));
    expect((await core.accounts.securityActivity(id)).map((event) => event.type)).toContain('session.ended');
  });

  it('wrong passwords from anyone who knows the email make them wait, but end no session', async () => {
    const { core } = await setup();
    const mine = await signIn(core);
    for (let i = 0; i < 8; i++) await core.accounts.login({ email: EMAIL, password: `wrong guess ${i}` }).catch(() => undefined);
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(core.signedIn(mine.token).accounts.get()).resolves.toMatchObject({ email: EMAIL });
  });

  it('ends after 30 idle minutes; actions count as activity, background reads do not', async () => {
    const { core, clock } = await setup();
    const session = await signIn(core);
    const me = core.signedIn(session.token);
    clock.advance({ minutes: 20 });
    await me.notifications.markAllRead();
    clock.advance({ minutes: 20 });
    // 40 minutes after sign-in, 20 after the last action: still active. Reads do not extend it.
    await me.tokens.list();
    clock.advance({ minutes: 11 });
    await expect(me.tokens.list()).rejects.toMatchObject(ended('idle'));
  });

  it('ends 12 hours after sign-in however busy it was', async () => {
    const { core, clock } = await setup();
    const me = core.signedIn((await signIn(core)).token);
    for (let hour = 0; hour < 12; hour++) {
      clock.advance({ minutes: 29 });
      await me.session.stillHere();
      clock.advance({ minutes: 29 });
      await me.session.stillHere();
      clock.advance({ minutes: 2 });
      if (hour < 11) await me.session.stillHere();
    }
    await expect(me.session.stillHere()).rejects.toMatchObject(ended('expired'));
  });

  it('tells the front end when a call finds its session ended', async () => {
    const { core } = await setup();
    const session = await signIn(core);
    const seen: string[] = [];
    const me = core.signedIn(session.token, { onEnded: (error) => seen.push(String(error.details['reason'])) });
    await core.signedIn((await signIn(core)).token).session.signOutEverywhere();
    await expect(me.invitations.listPending()).rejects.toMatchObject(ended('signed_out_everywhere'));
    expect(seen).toEqual(['signed_out_everywhere']);
  });

  it('a login drops the sessions that ended more than a day ago, and keeps the younger ones, with or without MFA', async () => {
    const { core, clock, store, id } = await setup();
    // Oldest first.
    const sessionIds = async () =>
      (await store.view((view) => view.find('sessions', 'account', id)))
        .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((session) => session.id);
    const old = await signIn(core);
    await core.signedIn(old.token).session.signOut();
    clock.advance({ hours: 20 });
    const recent = await signIn(core);
    await core.signedIn(recent.token).session.signOut();
    const [oldId, recentId] = await sessionIds();
    clock.advance({ hours: 5 });
    // The first ended 25 hours ago and goes; the second ended 5 hours ago and stays, for the activity.
    const next = await signIn(core);
    const afterPassword = await sessionIds();
    expect(afterPassword).toHaveLength(2);
    expect(afterPassword).not.toContain(oldId);
    expect(afterPassword).toContain(recentId);
    // The second step of an MFA login drops them as well.
    const { secret } = await enableMfa(core, clock, id);
    await core.signedIn(next.token).session.signOut();
    clock.advance({ hours: 25 });
    await signInWithMfaUsing(core, clock, secret);
    expect(await sessionIds()).toHaveLength(1);
  });

  it('lists the active sessions with the current one marked; sign out ends one, sign out everywhere all', async () => {
    const { core, clock } = await setup();
    const here = await signIn(core);
    clock.advance({ minutes: 1 });
    const there = await signIn(core, 'ssh');
    const me = core.signedIn(here.token);
    expect(await me.session.list()).toEqual([
      expect.objectContaining({ via: 'dashboard', from: 'local terminal', current: true }),
      expect.objectContaining({ via: 'ssh', current: false }),
    ]);

    await core.signedIn(there.token).session.signOut();
    await expect(core.signedIn(there.token).accounts.get()).rejects.toMatchObject(ended('signed_out'));
    expect(await me.session.list()).toHaveLength(1);

    const third = await signIn(core);
    expect(await me.session.signOutEverywhere()).toBe(2);
    for (const token of [here.token, third.token]) await expect(core.signedIn(token).accounts.get()).rejects.toMatchObject(ended('signed_out_everywhere'));
  });

  it('signs one other session out by the id the list gives, says so to it and in the activity, and leaves the rest', async () => {
    const { core, clock, id } = await setup();
    const here = await signIn(core);
    clock.advance({ minutes: 1 });
    const there = await signIn(core, 'ssh');
    const kept = await signIn(core);
    const me = core.signedIn(here.token);
    const target = (await me.session.list()).find((session) => session.via === 'ssh')!;
    // The id names the session without being its token: it signs nobody in.
    expect(target.id).not.toContain(there.token.slice(4));
    await expect(core.signedIn(target.id).accounts.get()).rejects.toMatchObject(ended('unknown'));

    await me.session.signOutSession(target.id);
    await expect(core.signedIn(there.token).accounts.get()).rejects.toMatchObject(ended('signed_out_remotely'));
    for (const token of [here.token, kept.token]) expect(await core.signedIn(token).accounts.get()).toMatchObject({ id });
    expect((await me.session.list()).map((session) => session.via)).toEqual(['dashboard', 'dashboard']);
    const events = await core.accounts.securityActivity(id);
    expect(events.find((event) => event.type === 'session.ended')).toMatchObject({ details: { reason: 'signed_out_remotely', via: 'ssh' } });
    // Again: it ended already, which is no error and records nothing more.
    await me.session.signOutSession(target.id);
    expect((await core.accounts.securityActivity(id)).filter((event) => event.type === 'session.ended')).toHaveLength(1);
  });

  it('refuses to sign out a session of another account, or an id that names none, and changes nothing', async () => {
    const { core } = await setup();
    await makeAccount(core, 'bob@example.com');
    const bob = await core.accounts.login({ email: 'bob@example.com', password: PASSWORD });
    if (bob.status !== 'ok') throw new Error('expected a session');
    const here = await signIn(core);
    const me = core.signedIn(here.token);
    const bobsSession = (await core.signedIn(bob.session.token).session.list())[0]!;
    for (const id of [bobsSession.id, 'constructor', '__proto__', '', 'x'.repeat(10_000)]) {
      await expect(me.session.signOutSession(id)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    }
    expect(await core.signedIn(bob.session.token).accounts.get()).toMatchObject({ email: 'bob@example.com' });
  });
});

describe('sudo mode', () => {
  it('creating a token 15 minutes after the last password needs the password again, then goes through', async () => {
    const { core, clock } = await setup();
    const me = core.signedIn((await signIn(core)).token);
    await expect(me.tokens.create({ description: 'fresh', expiresInDays: 7 })).resolves.toMatchObject({ secret: expect.any(String) });
    clock.advance({ minutes: 14 });
    await me.session.stillHere();
    clock.advance({ minutes: 2 });

    await expect(me.tokens.create({ description: 'later', expiresInDays: 7 })).rejects.toMatchObject({ code: 'SUDO_REQUIRED', details: { proof: 'password' } });
    await expect(me.slackLink.unlink()).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    expect(await me.tokens.list()).toHaveLength(1);

    await me.session.reauthenticate({ password: PASSWORD });
    await expect(me.tokens.create({ description: 'later', expiresInDays: 7 })).resolves.toMatchObject({ secret: expect.any(String) });
  });

  it('accepts a code from the app when MFA is on, once', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const first = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (first.status !== 'mfa_required') throw new Error('expected MFA');
    const session = await core.accounts.completeMfaLogin({ challenge: first.challenge, code: await totpCodeAt(secret, clock.now()) });
    const me = core.signedIn(session.token);
    clock.advance({ minutes: 16 });
    await me.session.stillHere();
    await expect(me.tokens.create({ description: 'x', expiresInDays: 7 })).rejects.toMatchObject({ details: { proof: 'password_or_code' } });

    const code = await totpCodeAt(secret, clock.now());
    await me.session.reauthenticate({ code });
    await expect(me.tokens.create({ description: 'x', expiresInDays: 7 })).resolves.toBeDefined();
    // The same code again is refused: it was used.
    await expect(me.session.reauthenticate({ code })).rejects.toMatchObject({ code: 'REAUTH_INVALID' });
    await expect(me.session.reauthenticate({ code: await wrongCode(secret, clock.now()) })).rejects.toMatchObject({ code: 'REAUTH_INVALID' });
  });

  it('five wrong passwords end the session without locking the account', async () => {
    const { core, clock, id } = await setup();
    const me = core.signedIn((await signIn(core)).token);
    clock.advance({ minutes: 16 });
    for (let left = 4; left >= 1; left--) {
      await expect(me.session.reauthenticate({ password: 'not the password' })).rejects.toMatchObject({ code: 'REAUTH_INVALID', details: { left } });
    }
    await expect(me.session.reauthenticate({ password: 'not the password' })).rejects.toMatchObject(ended('reauth_failed'));
    await expect(me.tokens.list()).rejects.toMatchObject(ended('reauth_failed'));
    expect(await core.accounts.get(id)).toMatchObject({ lockedUntil: null });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });
});
