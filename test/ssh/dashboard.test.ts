import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, totpCodeAt, type Core } from '../../src/core/index.ts';
import { HOST_KEY_FILE } from '../../src/ssh/index.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { connect, SshTerminal } from './support/ssh-terminal.ts';

/*
 * The dashboard over SSH, end to end: `kbc-account ssh` as a real process on a temporary data
 * directory, ssh2's client as the person's SSH client, and a headless xterm as their terminal.
 */

const ANN = { email: 'ann@example.com', password: 'ann correct horse battery staple' };
const BOB = { email: 'bob@example.com', password: 'bob correct horse battery staple' };
const CID = { email: 'cid@example.com', password: 'cid correct horse battery staple' };
const PROJECT = 'Shared Analytics';
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;

let dataDir: string;
let core: Core;
let server: ServerProcess;
let annId: string;
let bobId: string;
let cidId: string;
const open: SshTerminal[] = [];

async function terminal(options?: Parameters<typeof SshTerminal.open>[1]): Promise<SshTerminal> {
  const opened = await SshTerminal.open(server.port, options);
  open.push(opened);
  return opened;
}

async function signIn(person: SshTerminal, who: { email: string; password: string }): Promise<void> {
  await person.shows('Sign in to Keboola Connection');
  person.type(who.email);
  person.press('Tab');
  person.type(who.password);
  person.press('Enter');
  await person.shows('Your projects');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kbc-ssh-'));
  core = await openCore({ dataDir, env: {} });
  annId = (await core.accounts.create({ email: ANN.email, password: ANN.password })).id;
  bobId = (await core.accounts.create({ email: BOB.email, password: BOB.password })).id;
  cidId = (await core.accounts.create({ email: CID.email, password: CID.password })).id;
  const project = await core.projects.create({ name: PROJECT, limits: { users: 5 } });
  await core.projects.addMember({ projectId: project.id, email: BOB.email, role: 'admin' });
  await core.invitations.create({ projectId: project.id, email: ANN.email, role: 'guest', invitedBy: { accountId: bobId } });
  await core.tokens.create(bobId, { description: 'Bob private token', expiresInDays: 30 });
  server = await startServer(dataDir);
}, 60_000);

// A failed step leaves no dashboard running into the next test.
afterEach(async () => {
  const left = open.splice(0);
  for (const person of left) person.drop();
  await Promise.all(left.map((person) => person.exited));
});

afterAll(async () => {
  await server?.stop();
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard over SSH', () => {
  it('generates the host key 0600 next to the data and prints the fingerprint the client sees', async () => {
    const info = await stat(join(dataDir, HOST_KEY_FILE));
    expect(info.mode & 0o777).toBe(0o600);
    const { client, fingerprint } = await connect(server.port);
    client.end();
    expect(fingerprint).toBe(server.fingerprint);
  });

  it('signs in, enables MFA with a code from the secret on screen, creates a token, resizes, and quits with Ctrl+C (status 130)', { timeout: 90_000 }, async () => {
    const cid = await terminal({ columns: 120, rows: 40 });
    await signIn(cid, CID);
    expect(await cid.onAlternateScreen()).toBe(true);
    // The session list (seen here from a second session) and the security activity say where from.
    const elsewhere = await core.accounts.login({ email: CID.email, password: CID.password, via: 'cli' });
    if (elsewhere.status !== 'ok') throw new Error('expected a session');
    const listed = await core.sessions.list(elsewhere.session.token);
    expect(listed).toContainEqual(expect.objectContaining({ via: 'ssh', from: 'ssh from 127.0.0.1', current: false }));
    expect(await core.accounts.securityActivity(cidId)).toContainEqual(
      expect.objectContaining({ type: 'login.succeeded', details: expect.objectContaining({ via: 'ssh', from: 'ssh from 127.0.0.1' }) }),
    );

    // Enable MFA.
    cid.type('s');
    await cid.shows('1 Account & Security');
    cid.press('Enter');
    await cid.shows('❯ Change password');
    cid.press('Down');
    await cid.shows('❯ Enable multi-factor authentication');
    cid.press('Enter');
    const enrol = await cid.shows(SECRET);
    const secret = SECRET.exec(enrol)![1]!.replace(/ /g, '');
    cid.type(await totpCodeAt(secret, new Date()));
    cid.press('Enter');
    const codes = await cid.shows('Save these codes now: they are shown only once.');
    // c copies through the client's terminal (OSC 52 on the channel); s writes no file on the server.
    cid.type('c');
    await cid.shows("Sent the codes to your terminal's clipboard.");
    const copied = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(cid.raw)?.[1];
    expect(Buffer.from(copied ?? '', 'base64').toString('utf8').split('\n').sort()).toEqual((codes.match(/\b[0-9a-z]{5}-[0-9a-z]{5}\b/g) ?? []).sort());
    cid.type('s');
    await cid.shows('Saving to a file is for the dashboard on your own machine');
    cid.press('Enter');
    await cid.shows('Multi-factor authentication is on.');
    await expect(core.mfa.status(cidId)).resolves.toMatchObject({ enabled: true });

    // Create a token and read it off the screen.
    cid.press('Escape');
    await cid.shows('Enter/→ open');
    cid.type('3');
    await cid.shows('n new token');
    expect(await cid.screen()).not.toContain('Bob private token');
    cid.type('n');
    await cid.shows('New Management API token');
    cid.type('Over SSH');
    cid.press('Enter');
    cid.press('Enter');
    const created = await cid.shows(TOKEN);
    await expect(core.tokens.verify(TOKEN.exec(created)![0])).resolves.toMatchObject({ accountId: cidId });
    cid.type('c');
    await cid.shows("Sent the token to your terminal's clipboard.");
    expect(cid.raw).toContain(`\x1b]52;c;${Buffer.from(TOKEN.exec(created)![0]).toString('base64')}\x07`);
    cid.press('Enter');
    await cid.shows('Token “Over SSH” created');

    // Resize: too small says so, large enough again lays out at the new width.
    cid.resize(60, 20);
    await cid.shows(/at least 80.24/);
    cid.resize(100, 30);
    const wide = await cid.shows('Over SSH');
    expect(wide.split('\n')[0]!.trimEnd().length).toBeLessThanOrEqual(100);
    expect(wide.split('\n')[0]!.trimEnd().length).toBeGreaterThan(90);

    cid.press('C-c');
    await expect(cid.exited).resolves.toBe(130);
    expect(await cid.onAlternateScreen()).toBe(false);
    // Quitting signed the SSH session out; the other one is untouched.
    expect((await core.sessions.list(elsewhere.session.token)).map((session) => session.via)).toEqual(['cli']);
  });

  it('serves two people at once, each their own data, and what one does shows up live for the other', { timeout: 90_000 }, async () => {
    const [ann, bob] = await Promise.all([terminal(), terminal()]);
    await Promise.all([signIn(ann, ANN), signIn(bob, BOB)]);
    expect((await ann.screen()).split('\n')[0]).toContain(ANN.email);
    expect((await bob.screen()).split('\n')[0]).toContain(BOB.email);
    expect(await ann.screen()).not.toContain(PROJECT);
    const before = await bob.shows(PROJECT);
    expect(rowOf(before, PROJECT)).toMatch(/admin\s+1\s/);

    // Ann accepts Bob's invitation; Bob's list of projects counts her without him doing anything.
    ann.type('i');
    await ann.shows('Press Enter to work in this section.');
    ann.press('Enter');
    await ann.shows('Enter/a accept');
    ann.type('a');
    await ann.shows(`Accept the invitation to ${PROJECT}?`);
    ann.type('y');
    await ann.shows('Members');
    const after = await bob.shows(new RegExp(`${PROJECT}\\s+admin\\s+2\\s`));
    expect(after.split('\n')[0]).toContain(BOB.email);
    expect(after).not.toContain(ANN.email);
    ann.press('C-c');
    bob.press('C-c');
    await expect(ann.exited).resolves.toBe(130);
    await expect(bob.exited).resolves.toBe(130);
  });

  it('lists the SSH session in another session, which can sign it out: the SSH dashboard returns to sign-in', { timeout: 60_000 }, async () => {
    const person = await terminal();
    await signIn(person, BOB);
    const elsewhere = await core.accounts.login({ email: BOB.email, password: BOB.password, via: 'cli' });
    if (elsewhere.status !== 'ok') throw new Error('expected a session');
    expect(await core.sessions.list(elsewhere.session.token)).toContainEqual(expect.objectContaining({ via: 'ssh', from: 'ssh from 127.0.0.1' }));
    await core.sessions.signOutEverywhere(elsewhere.session.token);
    await person.shows('Sign in to Keboola Connection');
    await person.shows('You were signed out');
  });

  it('leaves nothing half done when the client drops mid-form, signs the session out, and keeps serving', { timeout: 90_000 }, async () => {
    const bob = await terminal();
    await signIn(bob, BOB);
    const elsewhere = await core.accounts.login({ email: BOB.email, password: BOB.password, via: 'cli' });
    if (elsewhere.status !== 'ok') throw new Error('expected a session');
    const tokensBefore = await core.tokens.list(bobId);

    // Half an MFA enrolment (the secret shown, three digits typed), then half a new token.
    bob.type('s');
    await bob.shows('1 Account & Security');
    bob.press('Enter');
    await bob.shows('❯ Change password');
    bob.press('Down');
    bob.press('Enter');
    await bob.shows(SECRET);
    bob.type('123');
    bob.press('Escape');
    await bob.shows('❯ Enable multi-factor authentication');
    bob.press('Escape');
    await bob.shows('Enter/→ open');
    bob.type('3');
    await bob.shows('n new token');
    bob.type('n');
    await bob.shows('New Management API token');
    bob.type('Never finished');
    bob.drop();

    // The dashboard ended as on a quit: its session signed out, nothing created, MFA still off.
    await until(async () => (await core.sessions.list(elsewhere.session.token)).every((session) => session.via !== 'ssh'), 'the SSH session signed out');
    expect(await core.tokens.list(bobId)).toEqual(tokensBefore);
    await expect(core.mfa.status(bobId)).resolves.toMatchObject({ enabled: false });
    expect(server.output()).toMatch(/disconnected/);

    const next = await terminal();
    await signIn(next, BOB);
    next.press('C-c');
    await expect(next.exited).resolves.toBe(130);
  });
});

/** The line of `screen` that holds `text`. */
const rowOf = (screen: string, text: string): string => screen.split('\n').find((line) => line.includes(text)) ?? '';

/** Polls `check` until it holds (at most 15 s). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
