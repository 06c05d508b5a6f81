import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { TEXT_ONLY_NOTE } from '../../src/slack/text-fallback.ts';
import { callProblems, lengths, messageProblems, viewProblems } from './support/block-kit-limits.ts';
import { actionIdsOf, ANN, click, linkSlack, startHarness, textOf } from './support/harness.ts';

const EMOJI = '\u{1F600}'; // 2 UTF-16 units, 1 code point

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (title: string, blocks: unknown[] = []) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks });

describe('the Block Kit limit check', () => {
  it('counts both UTF-16 units and code points', () => {
    expect(lengths(EMOJI.repeat(13))).toEqual({ utf16: 26, codePoints: 13 });
    // 13 emoji: 13 code points but 26 UTF-16 units, over the title's 24 by the one count.
    expect(viewProblems(modal(EMOJI.repeat(13)))).toEqual(['view.title.text: 26 UTF-16 units / 13 code points, limit 24']);
    expect(viewProblems(modal(EMOJI.repeat(12)))).toEqual([]);
    expect(viewProblems(modal('x'.repeat(25)))).toHaveLength(1);
  });

  it('finds a message without text, too many blocks, long sections, long button labels and repeated block ids', () => {
    expect(messageProblems({ blocks: [section('hi')] })).toEqual(['message.text: not a string']);
    expect(messageProblems({ text: '', blocks: [] })).toEqual(['message.text: empty']);
    expect(messageProblems({ text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) })).toEqual(['message.blocks: 51 blocks, limit 50']);
    expect(viewProblems(modal('ok', Array.from({ length: 101 }, () => ({ type: 'divider' }))))).toEqual(['view.blocks: 101 blocks, limit 100']);
    expect(messageProblems({ text: 'x', blocks: [section(EMOJI.repeat(1501))] })).toHaveLength(1);
    const label = (text: string) => ({ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text } }] });
    expect(messageProblems({ text: 'x', blocks: [label('y'.repeat(75))] })).toEqual([]);
    expect(messageProblems({ text: 'x', blocks: [label('y'.repeat(76))] })).toHaveLength(1);
    expect(messageProblems({ text: 'x', blocks: [{ ...section('a'), block_id: 'b' }, { ...section('c'), block_id: 'b' }] })).toEqual(['message.blocks[1]: block_id b repeated']);
    expect(callProblems('views.publish', { view: { type: 'home', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] } })).toEqual([
      'views.publish: view.blocks[0].text: must be plain_text',
    ]);
  });
});

describe('what the app sends keeps the limits by both counts', () => {
  it('cuts a notification of 2,000 emoji to fit a section in UTF-16 units too, in the DM, the modal and the Home tab', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.core.notifications.publish({ kind: 'announcement', title: EMOJI.repeat(120), message: EMOJI.repeat(2000), audience: { type: 'all' } });
    await h.slack.delivery.deliverDue();
    await h.command(ANN, 'notifications');
    await h.event(ANN, { type: 'app_home_opened', user: ANN.userId, tab: 'home' });
    expect(h.api.callsTo('chat.postMessage').length).toBeGreaterThan(0);
    expect(textOf(h.api.callsTo('chat.postMessage').at(-1)!.args['blocks'])).toContain(EMOJI.repeat(100));
    expect(h.api.problems).toEqual([]);
  });
});

describe('when Slack answers invalid_blocks', () => {
  it('delivers the outbox DM as text only, saying where the rest is, instead of giving up', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.slack.delivery.deliverDue();
    const project = await h.core.projects.create({ name: 'Sales' });
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    h.api.failNext('chat.postMessage', { error: 'invalid_blocks' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const [refused, sent] = h.api.callsTo('chat.postMessage').slice(-2);
    expect(actionIdsOf(refused!.args['blocks'])).toEqual([ACTION.invitationAccept, ACTION.invitationDecline]);
    expect(sent!.args['blocks'] ?? []).toEqual([]);
    expect(String(sent!.args['text'])).toContain('Sales');
    expect(String(sent!.args['text'])).toContain(TEXT_ONLY_NOTE);
    expect(await h.core.outbox.messageFor(`invitation:${invitation.id}`)).not.toBeNull();
    expect(h.logs.join('\n')).toContain('invalid_blocks');
  });

  it('updates a clicked invitation DM as text only', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.slack.delivery.deliverDue();
    const dm = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    h.api.failNext('chat.update', { error: 'invalid_blocks' });
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', channel: dm.channel, ts: dm.ts }));
    const shown = h.api.messages.get(`${dm.channel}/${dm.ts}`)!;
    expect(shown.blocks ?? []).toEqual([]);
    expect(String(shown.text)).toContain(TEXT_ONLY_NOTE);
    expect(await h.core.invitations.listPending(ann)).toEqual([]);
  });
});
