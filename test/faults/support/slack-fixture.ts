import { join } from 'node:path';
import { expect } from 'vitest';
import { STORE_FILE, type SlackUser } from '../../../src/core/index.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { SLACK_EVENTS_PATH } from '../../../src/slack/config.ts';
import { CALLBACK } from '../../../src/slack/ids.ts';
import { blockActionsPayload, slashCommandBody } from '../../slack/support/slack-requests.ts';
import { startFileHarness, type FileHarness, type PostOptions } from '../../slack/support/harness.ts';

/**
 * The real Slack app (createSlackApp: Bolt's HTTP receiver, the payload guard, every listener) on
 * a FILE core, talking to the fake Slack Web API — the Slack tests' file harness — plus the store
 * stored document (store file plus journal, as JSON), which shows whether a request changed anything.
 */
export interface SlackFixture extends Omit<FileHarness, 'replies'> {
  /** The stored document (store file plus journal) as JSON text. */
  state(): Promise<string>;
  /** Every ephemeral reply so far, text and blocks, one per line. */
  replies(): string;
}

export type { PostOptions };

export async function startSlackFixture(): Promise<SlackFixture> {
  const harness = await startFileHarness();
  return {
    ...harness,
    state: async () => JSON.stringify(await FileStore.load(join(harness.dataDir, STORE_FILE))),
    replies: () => harness.replies().join('\n'),
  };
}

export const formPayload = (payload: unknown): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function commandBody(user: SlackUser, text: string, responseUrl: string): string {
  return slashCommandBody(user, text, responseUrl);
}

export type Where = { readonly kind: 'message'; readonly responseUrl: string } | { readonly kind: 'modal'; readonly viewId: string; readonly privateMetadata: string } | { readonly kind: 'home' };

/** A block_actions payload: `user` clicked the button `actionId` carrying `value`. */
export function blockAction(user: SlackUser, actionId: string, value: string | undefined, where: Where): Record<string, unknown> {
  return blockActionsPayload(
    user,
    actionId,
    value,
    where.kind === 'message'
      ? { kind: 'message', channel: 'D0DM', ts: '1700000000.000100', responseUrl: where.responseUrl }
      : where.kind === 'modal'
        ? { kind: 'modal', viewId: where.viewId, callbackId: CALLBACK.invitations, privateMetadata: where.privateMetadata }
        : { kind: 'home' },
  );
}

/** Asserts the receiver still answers a good request: the health check and a signed `/kbc help`. */
export async function expectAlive(fixture: SlackFixture, user: SlackUser): Promise<void> {
  expect((await fetch(fixture.url.replace(SLACK_EVENTS_PATH, '/healthz'))).status).toBe(200);
  const before = fixture.api.responses.length;
  expect((await fixture.command(user, 'help')).status).toBe(200);
  expect(fixture.api.responses.slice(before).map((response) => JSON.stringify(response.body)).join()).toContain('/kbc link');
}
