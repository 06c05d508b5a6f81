import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fastTestHasher, openCore } from '../../src/core/index.ts';
import { BIN } from '../support/cli.ts';
import { tempDataDir } from '../support/core.ts';

const run = promisify(execFile);
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The curl lines of the README's Management API examples, as a reader would paste them. */
async function readmeCurlLines(): Promise<string[]> {
  const readme = await readFile(README, 'utf8');
  const block = /<!-- api-examples:start -->\n```sh\n([\s\S]*?)```\n<!-- api-examples:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no api-examples block');
  return block[1]!.split('\n').filter((line) => line.startsWith('curl '));
}

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `kbc-account --data DIR api` as a real process on a free port; resolves to its URL. */
function startApiProcess(dataDir: string): Promise<{ url: string; child: ReturnType<typeof spawn>; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'api'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve({ url: listening[1]!, child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kbc-account api exited with ${code}: ${output}`)));
  });
}

describe('the Management API with curl, as the README shows it', () => {
  it('runs every README example against `kbc-account api`: each answers 2xx with exactly application/json', async () => {
    const dataDir = await tempDataDir();
    // What the dashboard and the operator would have done: an account with a token, an invitation, a promo code, a notification.
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    const ann = (await core.accounts.create({ email: 'ann@example.com', password: 'correct horse battery staple' })).id;
    const { secret } = await core.tokens.create(ann, { description: 'curl', expiresInDays: 7 });
    const project = await core.projects.create({ name: 'Analytics' });
    await core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await core.promo.create({ code: 'WELCOME' });
    await core.notifications.publish({ kind: 'announcement', title: 'Hello', message: 'Welcome aboard', audience: { type: 'all' } });
    await core.close();

    const api = await startApiProcess(dataDir);
    const lines = await readmeCurlLines();
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) {
      const { stdout } = await run('bash', ['-c', `${line} -w '\\n%{http_code} %{content_type}'`], { env: { ...process.env, KBC_URL: api.url, TOKEN: secret } });
      const [body, status] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      const [code, type] = status.split(' ');
      expect(Number(code), `${line}\n${body}`).toBeGreaterThanOrEqual(200);
      expect(Number(code), `${line}\n${body}`).toBeLessThan(300);
      if (body !== '') {
        expect(type, line).toBe('application/json');
        JSON.parse(body);
      }
    }
    // What the examples did is what the dashboard sees now.
    const after = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    try {
      expect((await after.projects.listForAccount(ann)).map((found) => found.name).sort()).toEqual(['Analytics', 'Sandbox']);
      expect(await after.notifications.unreadCount(ann)).toBe(0);
    } finally {
      await after.close();
    }
    // The process stops cleanly on SIGTERM, and its log never held the token.
    const exited = new Promise<number | null>((resolve) => api.child.on('exit', resolve));
    api.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(api.output()).not.toContain(secret);
    expect(api.output()).toContain('"url":"/manage/tokens/verify"');
  });
});
