import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, linkSlack, startHarness, textOf } from './support/harness.ts';

/** A pacing clock that moves only when the worker waits: the waits are what the test reads. */
function recordedPacing() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    pacing: {
      monotonicNow: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
    },
  };
}

describe('linking with many pending invitations', () => {
  it('sends one summary DM with the list and a button to answer them, not a DM each', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    for (let n = 0; n < 30; n++) {
      const project = await h.core.projects.create({ name: `Project ${n}` });
      await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
      h.clock.advance({ seconds: 1 });
    }
    await linkSlack(h.core, ann, ANN);
    await h.slack.delivery.deliverDue();
    const posts = h.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    const summary = posts.find((post) => String(post.args['text']).includes('pending invitations'))!;
    expect(summary.args['text']).toBe('You have 30 pending invitations waiting for your answer.');
    expect(textOf(summary.args['blocks'])).toContain('*Project 0* as *Guest*');
    expect(textOf(summary.args['blocks'])).toContain('…and 10 more.');
    expect(actionIdsOf(summary.args['blocks'])).toEqual([ACTION.openInvitations]);
    // The button opens the invitations modal, where each has Accept and Decline.
    await h.interact(click(h, ANN, ACTION.openInvitations, undefined, { kind: 'message', channel: 'D0ANN', ts: '1.1' }));
    const modal = h.api.views.get(String(h.api.callsTo('views.update')[0]!.args['view_id']))!;
    expect(modal['callback_id']).toBe(CALLBACK.invitations);
    expect(actionIdsOf(modal).filter((id) => id === ACTION.invitationAccept)).toHaveLength(25);
  });

  it('paces messages to one DM to one a second, and does not hold other users up', async () => {
    const { waits, pacing } = recordedPacing();
    const h = await startHarness({ pacing });
    const ann = await makeAccount(h.core, 'ann@example.com');
    for (let n = 0; n < 3; n++) {
      const project = await h.core.projects.create({ name: `Project ${n}` });
      await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    }
    await linkSlack(h.core, ann, ANN);
    expect((await h.slack.delivery.deliverDue()).delivered).toBe(4);
    // The confirmation, then three invitations: each after a full second.
    expect(waits).toEqual([1000, 1000, 1000]);
  });
});

describe('who invited, and which project', () => {
  it('shows a linked inviter as a mention and links the project when a base URL is configured', async () => {
    const h = await startHarness({ projectBaseUrl: 'https://connection.example.com/admin/projects/' });
    const ann = await makeAccount(h.core, 'ann@example.com');
    const bob = await makeAccount(h.core, 'bob@example.com');
    await linkSlack(h.core, ann, ANN);
    await linkSlack(h.core, bob, BOB);
    const project = await h.core.projects.create({ name: 'Sales <&>' });
    await h.core.projects.addMember({ projectId: project.id, email: 'bob@example.com', role: 'admin' });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com', invitedBy: { accountId: bob } });
    await h.slack.delivery.deliverDue();
    const dm = h.api.callsTo('chat.postMessage').find((post) => post.args['channel'] === ANN.userId && textOf(post.args['blocks']).includes('invited you'))!;
    const words = textOf(dm.args['blocks']);
    expect(words).toContain(`<@${BOB.userId}> invited you to join *<https://connection.example.com/admin/projects/${project.numericId}|Sales &lt;&amp;&gt;>*`);
  });

  it('names an operator or an unlinked inviter in plain text, and links nothing without a base URL', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.slack.delivery.deliverDue();
    const words = textOf(h.api.callsTo('chat.postMessage').map((post) => post.args['blocks']));
    expect(words).toContain('*Keboola operator* invited you to join *Sales*');
    expect(words).not.toContain('<https://');
  });
});
