import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const PROJECT = 'Shared Analytics';
const SECRET = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/;
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;

let dataDir: string;
let core: Core;
let server: ServerProcess;
let annId: string;
let bobId: string;
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
  const project = await core.projects.create({ name: PROJECT, limits: { users: 5 } });
  await core.projects.addMember({ projectId: project.id, email: BOB.email, role: 'admin' });
  await core.invitations.create({ projectId: project.id, email: ANN.email, role: 'guest', invitedBy: { accountId: bobId } });
  await core.tokens.create(bobId, { description: 'Bob private token', expiresInDays: 30 });
  server = await startServer(dataDir);
}, 60_000);

afterAll(async () => {
  for (const person of open) person.drop();
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
    const ann = await terminal({ columns: 120, rows: 40 });
    await signIn(ann, ANN);
    expect(await ann.onAlternateScreen()).toBe(true);
    // The session list (seen here from a second session) and the security activity say where from.
    const elsewhere = await core.accounts.login({ email: ANN.email, password: ANN.password, via: 'cli' });
    if (elsewhere.status !== 'ok') throw new Error('expected a session');
    const listed = await core.sessions.list(elsewhere.session.token);
    expect(listed).toContainEqual(expect.objectContaining({ via: 'ssh', from: 'ssh from 127.0.0.1', current: false }));
    expect(await core.accounts.securityActivity(annId)).toContainEqual(
      expect.objectContaining({ type: 'login.succeeded', details: expect.objectContaining({ via: 'ssh', from: 'ssh from 127.0.0.1' }) }),
    );

    // Enable MFA.
    ann.type('s');
    await ann.shows('1 Account & Security');
    ann.press('Enter');
    await ann.shows('❯ Change password');
    ann.press('Down');
    await ann.shows('❯ Enable multi-factor authentication');
    ann.press('Enter');
    const enrol = await ann.shows(SECRET);
    const secret = SECRET.exec(enrol)![1]!.replace(/ /g, '');
    ann.type(await totpCodeAt(secret, new Date()));
    ann.press('Enter');
    await ann.shows('Save these codes now: they are shown only once.');
    ann.press('Enter');
    await ann.shows('Multi-factor authentication is on.');
    await expect(core.mfa.status(annId)).resolves.toMatchObject({ enabled: true });

    // Create a token and read it off the screen.
    ann.press('Escape');
    await ann.shows('Enter/→ open');
    ann.type('3');
    await ann.shows('n new token');
    expect(await ann.screen()).not.toContain('Bob private token');
    ann.type('n');
    await ann.shows('New Management API token');
    ann.type('Over SSH');
    ann.press('Enter');
    ann.press('Enter');
    const created = await ann.shows(TOKEN);
    await expect(core.tokens.verify(TOKEN.exec(created)![0])).resolves.toMatchObject({ accountId: annId });
    ann.press('Enter');
    await ann.shows('Token “Over SSH” created');

    // Resize: too small says so, large enough again lays out at the new width.
    ann.resize(60, 20);
    await ann.shows(/at least 80.24/);
    ann.resize(100, 30);
    const wide = await ann.shows('Over SSH');
    expect(wide.split('\n')[0]!.trimEnd().length).toBeLessThanOrEqual(100);
    expect(wide.split('\n')[0]!.trimEnd().length).toBeGreaterThan(90);

    ann.press('C-c');
    await expect(ann.exited).resolves.toBe(130);
    expect(await ann.onAlternateScreen()).toBe(false);
    // Quitting signed the SSH session out; the other one is untouched.
    expect((await core.sessions.list(elsewhere.session.token)).map((session) => session.via)).toEqual(['cli']);
  });
});
