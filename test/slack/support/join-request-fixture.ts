import { ACTION, BLOCK } from '../../../src/slack/ids.ts';
import { makeAccount } from '../../support/core.ts';
import { ANN, BOB, EVE, linkSlack, startHarness, type Harness } from './harness.ts';

export interface JoinRequestFixtureOptions {
  /** @default 'Sales' */
  readonly projectName?: string;
  /** The lifetime Eve asks for; none when absent. */
  readonly membershipDays?: number;
  /** People (not linked to Slack) who ask after Eve, a minute apart each. @default 0 */
  readonly others?: number;
}

/**
 * Ann and Bob admin a project (both linked to Slack); Eve, linked too, asks to join it ("Q4
 * numbers"), then `others` more people do, a minute apart, oldest first; every DM delivered.
 */
export async function joinRequestFixture(options: JoinRequestFixtureOptions = {}) {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  const bob = await makeAccount(h.core, 'bob@example.com');
  const eve = await makeAccount(h.core, 'eve@example.com');
  await linkSlack(h.core, ann, ANN);
  await linkSlack(h.core, bob, BOB);
  await linkSlack(h.core, eve, EVE);
  const sales = await h.core.projects.create({ name: options.projectName ?? 'Sales' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'bob@example.com', role: 'admin' });
  const lifetime = options.membershipDays === undefined ? {} : { membershipDays: options.membershipDays };
  const requests = [await h.core.joinRequests.request(eve, { projectId: sales.id, reason: 'Q4 numbers', ...lifetime })];
  for (let n = 1; n <= (options.others ?? 0); n++) {
    h.clock.advance({ minutes: 1 });
    const someone = await makeAccount(h.core, `user${n}@example.com`);
    requests.push(await h.core.joinRequests.request(someone, { projectId: sales.id }));
  }
  await h.slack.delivery.deliverDue();
  return { h, ann, bob, eve, sales, request: requests[0]!, requests };
}

/** The DM an admin got about a request (found by its outbox ref), and the message as it stands now. */
export async function adminDmOf(h: Harness, requestId: string, adminId: string) {
  const ref = await h.core.outbox.messageFor(`join-request:${requestId}:${adminId}`);
  if (!ref) throw new Error('no DM recorded');
  return { ref, message: () => h.api.messages.get(`${ref.channel}/${ref.ts}`)! };
}

/** The role choice's state values as Slack sends them. */
export const roleValues = (role: string) => ({ [BLOCK.approveRole]: { [ACTION.approveRole]: { type: 'static_select', selected_option: { value: role } } } });
