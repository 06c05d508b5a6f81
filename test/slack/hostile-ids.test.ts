import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { ANN, click, linkSlack, startHarness } from './support/harness.ts';

/** Button values named like the properties every object inherits. */
const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty'] as const;

describe('a button value named like a built-in object property', () => {
  it.each(INHERITED)('%j is an unknown item for every button: a plain reply, no failure logged', async (value) => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);

    for (const action of [ACTION.invitationAccept, ACTION.invitationDecline, ACTION.notificationMarkRead, ACTION.tokenDelete]) {
      const response = await h.interact(click(h, ANN, action, value, { kind: 'message', channel: 'D0ANN', ts: '1700000000.000100' }));
      expect(response.status, action).toBe(200);
    }
    expect(h.logs.filter((line) => /unexpected|TypeError|at /.test(line))).toEqual([]);
    expect(h.replies().map((reply) => /does not exist any more|no longer available|no longer exists/.test(reply))).toEqual([true, true, true, true]);
    for (const reply of h.replies()) expect(reply).not.toMatch(/native code|function|\[object/);
  });
});
