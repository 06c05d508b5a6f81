import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';
import { fileCore, makeAccount } from '../support/core.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `kbc-account --data DIR COMMAND` as a server; resolves once it says it listens. */
function startServer(dataDir: string, command: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, command], { env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) resolve({ child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

describe('the periodic jobs run wherever the product runs', () => {
  it('the API server and the SSH server, side by side on one store, end each due membership and send each reminder once', { timeout: 90_000 }, async () => {
    // Written a month ago: every membership below is due now, on the servers' real clock.
    const { core, dataDir } = await fileCore(new Date(Date.now() - 30 * 86_400_000).toISOString());
    await makeAccount(core, 'boss@example.com');
    const project = await core.projects.create({ name: 'Finance' });
    await core.projects.addMember({ projectId: project.id, email: 'boss@example.com', role: 'admin' });
    const emails = ['m1@example.com', 'm2@example.com', 'm3@example.com', 'm4@example.com'];
    for (const email of emails) {
      await makeAccount(core, email);
      await core.projects.addMember({ projectId: project.id, email, membershipDays: 2 });
    }
    // A token that expires in 33 days from then: in 3 days from now, its 7-day reminder is due.
    const boss = (await core.accounts.findByEmail('boss@example.com'))!.id;
    await core.tokens.create(boss, { description: 'nightly export', expiresInDays: 33 });

    // Started at once: their first runs of the jobs race each other.
    const [api, ssh] = await Promise.all([
      startServer(dataDir, 'api', { PORT: '0', HOST: '127.0.0.1', KBC_API_LOG_LEVEL: 'silent' }),
      startServer(dataDir, 'ssh', { SSH_PORT: '0', SSH_HOST: '127.0.0.1' }),
    ]);
    // Each server ran the jobs as it started; wait until the memberships are gone from the store.
    await expect.poll(async () => (await core.projects.get(project.id)).members.map((m) => m.email), { timeout: 30_000, interval: 200 }).toEqual(['boss@example.com']);
    const titles = (await core.notifications.listForAccount(boss)).items.map((n) => n.title);
    for (const email of emails) expect(titles.filter((title) => title.includes(`(${email}) is no longer a member of Finance`))).toHaveLength(1);
    expect(titles.filter((title) => title === 'Access token "nightly export" expires in 7 days')).toHaveLength(1);
    for (const email of emails) {
      const account = (await core.accounts.findByEmail(email))!;
      expect((await core.accounts.securityActivity(account.id)).filter((e) => e.type === 'project.membership_expired')).toHaveLength(1);
    }
    for (const server of [api, ssh]) server.child.kill('SIGTERM');
    expect(await Promise.all([stopped(api.child), stopped(ssh.child)])).toEqual([0, 0]);
    expect(api.output() + ssh.output()).not.toContain('failed');
  });
});
