import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCliInProcess } from '../support/cli.ts';
import { fileCore, makeAccount } from '../support/core.ts';
import { FakeSlackApi } from './support/fake-slack-api.ts';
import { ANN, linkSlack, signature, waitFor } from './support/harness.ts';

const SECRET = 'cli-test-signing-secret';
const children: ChildProcess[] = [];
const apis: FakeSlackApi[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const api of apis.splice(0)) await api.close();
});

/** The Slack app's variables unset, whatever the test's own environment holds. */
const NO_SLACK = { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined };

describe('kbc-account slack', () => {
  it('names the missing environment variables', async () => {
    const result = await runCliInProcess(['slack'], { env: NO_SLACK });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  });

  it('says so when Slack refuses the bot token', async () => {
    const api = await FakeSlackApi.start();
    apis.push(api);
    api.failNext('auth.test', { error: 'invalid_auth' });
    const { dataDir } = await fileCore();
    const result = await runCliInProcess(['--data', dataDir, 'slack'], {
      env: { ...NO_SLACK, SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, PORT: '0' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(result.stderr).not.toContain('xoxb-wrong');
  });

  it('serves signed requests over HTTP and delivers a change made by another process within 2 seconds', async () => {
    const api = await FakeSlackApi.start();
    apis.push(api);
    const { core, clock, dataDir } = await fileCore(new Date().toISOString());
    const ann = await makeAccount(core, 'ann@example.com');
    await linkSlack(core, ann, ANN);
    // A membership that ended a month ago: the app's periodic jobs end it (Bob has no Slack link: no DM).
    await makeAccount(core, 'bob@example.com');
    const temp = await core.projects.create({ name: 'Temp' });
    clock.set(new Date(Date.now() - 31 * 86_400_000));
    await core.projects.addMember({ projectId: temp.id, email: 'bob@example.com', membershipDays: 1 });
    clock.set(new Date());
    const child = spawn(process.execPath, [BIN, '--data', dataDir, 'slack'], {
      env: { ...process.env, NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-cli', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', SLACK_APP_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await waitFor(() => /listening on http:\/\/localhost:(\d+)\/slack\/events/.exec(stdout)?.[1], 15_000).catch(() => {
      throw new Error(`no start: ${stdout}${stderr}`);
    });
    expect(api.callsTo('auth.test')).toHaveLength(1);
    await waitFor(async () => (await core.projects.get(temp.id)).members.length === 0, 15_000);
    // The link confirmation queued before the start is delivered at start.
    await waitFor(() => api.callsTo('chat.postMessage').length === 1);

    const body = new URLSearchParams({ command: '/kbc', text: 'status', user_id: ANN.userId, team_id: ANN.teamId, response_url: api.responseUrl(), trigger_id: 't' }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(body, timestamp, SECRET) },
      body,
    });
    expect(response.status).toBe(200);
    await waitFor(() => api.responses.length === 1);
    expect(String(api.responses[0]!.body['text'])).toContain('Linked to ann@example.com');

    const project = await core.projects.create({ name: 'Sales' });
    await core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    // Delivered by the running process without a restart (a hang guard, not a timing assertion:
    // the poll interval makes it well under 2 s, and shared machines make wall time noisy).
    await waitFor(() => api.callsTo('chat.postMessage').length === 2, 10_000);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM received, stopping');
    expect(`${stdout}${stderr}`).not.toContain('xoxb-cli');
  });
});
