import { describe, expect, it } from 'vitest';
import { fileCore, makeAccount } from '../support/core.ts';
import { runCliInProcess } from '../support/cli.ts';

/** Each test runs several commands (in-process: see runCliInProcess); a shared, busy machine can make them slow. */
const CLI_TEST_TIMEOUT_MS = 120_000;

/** A data directory with ann linked to Slack (her link confirmation given up by Slack) and bob not linked. */
async function seeded() {
  const { core, dataDir, clock } = await fileCore('2026-03-02T09:00:00.000Z');
  const ann = await makeAccount(core, 'ann@example.com');
  await makeAccount(core, 'bob@example.com');
  const { code } = await core.slackLink.createLinkCode(ann);
  await core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0ANN' });
  const [claimed] = await core.outbox.claim({ workerId: 'w1' });
  await core.outbox.markFailed(claimed!.entry.id, 'w1', { error: 'channel_not_found', permanent: true });
  const cli = (...args: string[]) => runCliInProcess(['--data', dataDir, 'admin', 'slack', ...args]);
  const events = async () => (await core.accounts.securityActivity(ann)).map((event) => event.type);
  return { core, clock, ann, entryId: claimed!.entry.id, cli, events };
}

const errorCode = (stderr: string): unknown => (JSON.parse(stderr) as { error: { code: string } }).error.code;

describe('kbc-account admin slack', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('lists who is linked and since when, as a table or JSON', async () => {
    const { cli, ann } = await seeded();
    const [text, json] = await Promise.all([cli('links'), cli('links', '--json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^email +slack user +team +enterprise +linked at\nann@example\.com +U0ANN +T0TEAM +2026-03-02T09:00:00\.000Z\n$/);
    expect(JSON.parse(json.stdout)).toEqual({
      items: [{ accountId: ann, email: 'ann@example.com', teamId: 'T0TEAM', userId: 'U0ANN', linkedAt: '2026-03-02T09:00:00.000Z' }],
      next: null,
    });
  });

  it('lists failed entries, retries one and discards it, each recorded in the account activity', async () => {
    const { cli, entryId, events } = await seeded();
    const failed = await cli('outbox', '--failed', '--json');
    expect(failed.code).toBe(0);
    expect(JSON.parse(failed.stdout)).toMatchObject({ items: [{ id: entryId, kind: 'slack.linked', email: 'ann@example.com', lastError: 'channel_not_found' }] });
    expect((await cli('outbox')).stdout).toBe('(nothing waiting)\n');

    const retried = await cli('outbox', 'retry', '--id', entryId);
    expect(retried).toMatchObject({ code: 0, stdout: `Queued ${entryId} (slack.linked for ann@example.com) to be sent again.\n` });
    expect(JSON.parse((await cli('outbox', '--json')).stdout)).toMatchObject({ items: [{ id: entryId, status: 'pending', attempts: 0 }] });

    const discarded = await cli('outbox', 'discard', '--id', entryId, '--json');
    expect(discarded.code).toBe(0);
    expect(JSON.parse(discarded.stdout)).toMatchObject({ id: entryId, status: 'pending' });
    expect(await events()).toEqual(expect.arrayContaining(['slack.outbox_retried', 'slack.outbox_discarded']));
  });

  it('unlinks by email, recorded as done by an operator', async () => {
    const { cli, core, ann } = await seeded();
    const result = await cli('unlink', '--email', 'ANN@example.com');
    expect(result).toMatchObject({ code: 0, stdout: 'Unlinked ann@example.com from Slack user U0ANN (team T0TEAM, linked since 2026-03-02T09:00:00.000Z).\n' });
    expect(await core.slackLink.linkFor(ann)).toBeNull();
    const [event] = await core.accounts.securityActivity(ann);
    expect(event).toMatchObject({ type: 'slack.unlinked', details: expect.objectContaining({ via: 'operator' }) });
    expect((await cli('links')).stdout).toBe('(no account is linked to Slack)\n');
  });

  it('answers unknown ids and emails with their error codes, and a missing --id as a usage error', async () => {
    const { cli, entryId } = await seeded();
    const results = await Promise.all([
      cli('unlink', '--email', 'bob@example.com', '--json'),
      cli('unlink', '--email', 'nobody@example.com', '--json'),
      cli('outbox', 'retry', '--id', 'constructor', '--json'),
      cli('outbox', 'discard', '--id', 'out_\u001b[2Jx', '--json'),
      cli('outbox', 'retry'),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 2]);
    expect(results.slice(0, 4).map((r) => errorCode(r.stderr))).toEqual(['SLACK_NOT_LINKED', 'ACCOUNT_NOT_FOUND', 'OUTBOX_ENTRY_NOT_FOUND', 'OUTBOX_ENTRY_NOT_FOUND']);
    expect(results[3]!.stderr).not.toContain('\u001b');
    // A pending entry cannot be retried: it is going out anyway.
    await cli('outbox', 'retry', '--id', entryId);
    const again = await cli('outbox', 'retry', '--id', entryId, '--json');
    expect(errorCode(again.stderr)).toBe('OUTBOX_ENTRY_WRONG_STATE');
  });
});
