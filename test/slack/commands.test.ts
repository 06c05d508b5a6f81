import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ANN, BOB, EVE, linkSlack, startHarness, textOf } from './support/harness.ts';

describe('/kbc help', () => {
  it('says what the app does and how to link, for an unknown subcommand too', async () => {
    const h = await startHarness();
    await h.command(EVE, 'help');
    await h.command(EVE, '');
    await h.command(EVE, 'frobnicate <!channel>');
    const [help, bare, unknown] = h.replies();
    for (const reply of [help, bare, unknown]) {
      expect(reply).toContain('/kbc invitations');
      expect(reply).toContain('/kbc link ABCD-EFGH');
      expect(reply).toContain('Account Settings → Slack');
    }
    expect(unknown).toContain('I do not know `frobnicate`');
    expect(h.api.responses.every((response) => response.body['response_type'] === 'ephemeral')).toBe(true);
  });

  it('tells a linked user which account they act for', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    await h.command(ANN, 'help');
    expect(h.replies()[0]).toContain('You are linked to *ann@example.com*');
  });
});

describe('/kbc link and /kbc unlink', () => {
  it('links the Slack user with a code from the dashboard and refreshes the Home tab', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    await h.command(ANN, `link ${code.toLowerCase()}`);
    expect(h.replies()[0]).toContain('Linked to *ann@example.com*');
    expect(await h.core.slackLink.linkFor(ann)).toMatchObject({ teamId: ANN.teamId, userId: ANN.userId });
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('Signed in as *ann@example.com*');
  });

  it('explains a missing, malformed, used or expired code and links nothing', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await h.command(ANN, 'link');
    await h.command(ANN, 'link 123');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    h.clock.advance({ minutes: 11 });
    await h.command(ANN, `link ${code}`);
    const [missing, malformed, expired] = h.replies();
    expect(missing).toContain('/kbc link ABCD-EFGH');
    expect(malformed).toContain('That is not a link code');
    expect(expired).toContain('has expired');
    expect(await h.core.slackLink.linkFor(ann)).toBeNull();
    // The code never comes back in a reply or a log line.
    expect(h.api.allTraffic()).not.toContain(code);
    expect(h.logs.join('\n')).not.toContain(code);
  });

  it('refuses a second account for an already linked Slack user', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    const other = await makeAccount(h.core, 'ann.other@example.com');
    const { code } = await h.core.slackLink.createLinkCode(other);
    await h.command(ANN, `link ${code}`);
    expect(h.replies()[0]).toContain('already linked to another Keboola account');
    expect(await h.core.slackLink.linkFor(other)).toBeNull();
  });

  it('unlinks, after which the user gets instructions instead of data', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.command(ANN, 'unlink');
    await h.command(ANN, 'unlink');
    await h.command(ANN, 'status');
    const [done, again, status] = h.replies();
    expect(done).toContain('Unlinked from *ann@example.com*');
    // Unlinking again: the same instructions as any unlinked user, not a bare error.
    expect(again).toContain('not linked to a Keboola account yet');
    expect(again).toContain('/kbc link ABCD-EFGH');
    expect(status).toContain('not linked to a Keboola account yet');
    expect(await h.core.slackLink.linkFor(ann)).toBeNull();
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('not linked');
  });
});

describe('/kbc status', () => {
  it('shows the account, MFA, unread notifications, pending invitations and tokens expiring soon', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.core.notifications.publish({ kind: 'announcement', title: 'Maintenance', message: 'Tonight.', audience: { type: 'all' } });
    await h.core.tokens.create(ann, { description: 'soon gone', expiresInDays: 3 });
    await h.core.tokens.create(ann, { description: 'long lived', expiresInDays: 90 });
    await h.command(ANN, 'status');
    const reply = h.replies()[0]!;
    expect(reply).toContain('Linked to *ann@example.com*');
    expect(reply).toContain('MFA *off*');
    expect(reply).toContain('1 unread notification');
    expect(reply).toContain('1 pending invitation');
    expect(reply).toContain('soon gone');
    expect(reply).not.toContain('long lived');
  });

  it('lists 10 of 60 expiring tokens and says how many more, each section within 3000 characters', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    for (let n = 0; n < 60; n++) await h.core.tokens.create(ann, { description: `deploy ${n} of <sales & ops>`, expiresInDays: 7 });
    await h.command(ANN, 'status');
    const blocks = h.api.responses[0]!.body['blocks'] as { type: string; text?: { text: string } }[];
    const sections = blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
    for (const text of sections) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text.match(/<!date\^/g)?.length ?? 0).toBe(text.match(/<!date\^[^<>]*>/g)?.length ?? 0);
    }
    expect(sections.join('\n').match(/\*deploy \d+ /g)).toHaveLength(10);
    expect(h.replies()[0]).toContain('…and 50 more');
  });

  it('gives an unlinked user instructions, never an error trace', async () => {
    const h = await startHarness();
    await h.command(BOB, 'status');
    expect(h.replies()[0]).toContain('not linked to a Keboola account yet');
    expect(h.replies()[0]).not.toMatch(/Error|at .*\.ts/);
  });
});

describe('modal subcommands', () => {
  it('open a loading modal first (the trigger lives 3 s) and then fill it', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    for (const sub of ['invitations', 'notifications', 'token', 'tokens']) {
      h.api.reset();
      await h.command(ANN, sub);
      const methods = h.api.calls.map((call) => call.method);
      expect(methods.slice(0, 2)).toEqual(['views.open', 'views.update']);
      expect(h.api.calls[0]!.args['trigger_id']).toMatch(/^trigger-/);
    }
  });

  it('tell an unlinked user how to link inside the modal', async () => {
    const h = await startHarness();
    await h.command(EVE, 'invitations');
    const viewId = String(h.api.callsTo('views.update')[0]!.args['view_id']);
    expect(textOf(h.api.views.get(viewId))).toContain('not linked to a Keboola account yet');
  });

  it('say so when Slack refuses to open the modal (expired trigger)', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.failNext('views.open', { error: 'expired_trigger_id' });
    await h.command(ANN, 'tokens');
    expect(h.replies()[0]).toContain('did not let me open the window in time');
  });
});

describe('unexpected failures', () => {
  it('show the user a generic failure and log the cause without the secret typed', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    const transact = h.store.transact.bind(h.store);
    let fail = true;
    h.store.transact = (async (change: Parameters<typeof transact>[0]) => {
      if (fail) {
        fail = false;
        throw new Error('disk on fire');
      }
      return transact(change);
    }) as typeof h.store.transact;
    await h.command(ANN, `link ${code}`);
    expect(h.replies()[0]).toContain('something went wrong on our side');
    expect(h.replies()[0]).not.toContain('disk on fire');
    expect(h.logs.join('\n')).toContain('disk on fire');
    expect(h.logs.join('\n')).not.toContain(code);
    expect(await h.core.slackLink.linkFor(ann)).toBeNull();
  });
});
