import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/core/index.ts';
import { makeAccount, storeContents } from '../support/core.ts';
import { enableMfa, wrongCode } from '../core/mfa/mfa-helpers.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { TOKEN_ONCE_WARNING } from '../../src/slack/views/token-form.ts';
import { actionIdsOf, ANN, BOB, click, linkSlack, startFileHarness, startHarness, submitTokenForm, textOf, waitFor, whileLocked, type FileHarness, type Harness } from './support/harness.ts';

interface FormValues {
  description?: string;
  days?: string | null;
  date?: string | null;
  code?: string | null;
}

function values(form: FormValues): Record<string, Record<string, unknown>> {
  return {
    [BLOCK.tokenDescription]: { [ACTION.tokenDescription]: { type: 'plain_text_input', value: form.description ?? 'CI deploy' } },
    [BLOCK.tokenExpiryDays]: {
      [ACTION.tokenExpiryDays]: { type: 'static_select', selected_option: form.days === null ? null : { value: form.days ?? '30' } },
    },
    [BLOCK.tokenExpiryDate]: { [ACTION.tokenExpiryDate]: { type: 'datepicker', selected_date: form.date ?? null } },
    ...(form.code === undefined ? {} : { [BLOCK.tokenTotp]: { [ACTION.tokenTotp]: { type: 'plain_text_input', value: form.code } } }),
  };
}

/** The body of the HTTP response to a view_submission: the ack Slack acts on. */
interface SubmitAnswer {
  readonly response_action: string;
  readonly errors?: Record<string, string>;
  readonly view: { readonly callback_id?: string; readonly private_metadata?: string };
}

async function submit(h: Harness, form: FormValues, user = ANN): Promise<SubmitAnswer> {
  const response = await h.interact(submitTokenForm(user, values(form)));
  expect(response.status).toBe(200);
  return (await response.json()) as SubmitAnswer;
}

async function setup(options: { mfa: boolean; tokenRequiresMfa?: boolean }) {
  const h = await startHarness({ tokenRequiresMfa: options.tokenRequiresMfa ?? true });
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const secret = options.mfa ? (await enableMfa(h.core, h.clock, ann)).secret : null;
  return { h, ann, secret };
}

const openedForm = async (h: Harness) => {
  await h.command(ANN, 'token');
  return h.api.views.get(String(h.api.callsTo('views.update').at(-1)!.args['view_id']))!;
};

describe('/kbc token without MFA', () => {
  it('is refused with guidance to enable MFA in the dashboard, also for a forged submission', async () => {
    const { h, ann } = await setup({ mfa: false });
    const view = await openedForm(h);
    expect(textOf(view)).toContain('needs multi-factor authentication');
    expect(textOf(view)).toContain('Account & Security');
    const answer = await submit(h, {});
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('needs multi-factor authentication');
    expect(await h.core.tokens.list(ann)).toHaveLength(0);
  });

  it('is allowed, without a code field, when KBC_SLACK_TOKEN_REQUIRES_MFA=false', async () => {
    const { h, ann } = await setup({ mfa: false, tokenRequiresMfa: false });
    const view = await openedForm(h);
    expect(view['callback_id']).toBe(CALLBACK.tokenForm);
    expect(actionIdsOf(view)).not.toContain(ACTION.tokenTotp);
    const answer = await submit(h, { description: 'nightly export', days: '7' });
    expect(answer.response_action).toBe('update');
    expect(await h.core.tokens.list(ann)).toMatchObject([{ description: 'nightly export' }]);
  });
});

describe('/kbc token with MFA', () => {
  it('asks for the authenticator code in the form', async () => {
    const { h } = await setup({ mfa: true });
    const view = await openedForm(h);
    expect(actionIdsOf(view)).toEqual(expect.arrayContaining([ACTION.tokenDescription, ACTION.tokenExpiryDays, ACTION.tokenExpiryDate, ACTION.tokenTotp]));
  });

  it('shows a missing, wrong or replayed code on the code field and creates nothing', async () => {
    const { h, ann, secret } = await setup({ mfa: true });
    expect((await submit(h, {})).errors).toEqual({ [BLOCK.tokenTotp]: expect.stringContaining('6-digit code') });
    expect((await submit(h, { code: '' })).errors).toEqual({ [BLOCK.tokenTotp]: expect.stringContaining('6-digit code') });
    expect((await submit(h, { code: await wrongCode(secret!, h.clock.now()) })).errors).toEqual({
      [BLOCK.tokenTotp]: expect.stringContaining('not correct'),
    });
    const code = await totpCodeAt(secret!, h.clock.now());
    expect((await submit(h, { code, description: 'first' })).response_action).toBe('update');
    const replay = await submit(h, { code, description: 'second' });
    expect(replay).toEqual({ response_action: 'errors', errors: { [BLOCK.tokenTotp]: expect.stringContaining('already used') } });
    expect((await h.core.tokens.list(ann)).map((token) => token.description)).toEqual(['first']);
  });

  it('shows the token once, with the warning, and never in a message or the log', async () => {
    const { h, ann, secret } = await setup({ mfa: true });
    const answer = await submit(h, { description: 'CI deploy', days: '90', code: await totpCodeAt(secret!, h.clock.now()) });
    expect(answer.response_action).toBe('update');
    expect(answer.view.callback_id).toBe(CALLBACK.tokenCreated);
    const shown = textOf(answer.view);
    expect(shown).toMatch(/kbcm_[A-Za-z0-9]{36}/);
    const token = /kbcm_[A-Za-z0-9]{36}/.exec(shown)![0];
    expect(shown).toContain(TOKEN_ONCE_WARNING);
    expect(answer.view.private_metadata ?? '').not.toContain(token);
    // It works, and it exists nowhere else: not in any Slack call, reply or log line.
    await expect(h.core.tokens.verify(token)).resolves.toMatchObject({ accountId: ann });
    await h.slack.delivery.deliverDue();
    expect(h.api.allTraffic()).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(token);
    expect(await storeContents(h.store)).not.toContain(token);
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('Signed in as');
  });

  it('validates the description and the expiry before spending the code', async () => {
    const { h, ann, secret } = await setup({ mfa: true });
    const code = await totpCodeAt(secret!, h.clock.now());
    expect((await submit(h, { description: '   ', code })).errors).toHaveProperty(BLOCK.tokenDescription);
    expect((await submit(h, { days: null, code })).errors).toHaveProperty(BLOCK.tokenExpiryDays);
    // The core judges the dates; its refusal lands on the date field.
    expect((await submit(h, { date: '2020-01-01', code })).errors).toEqual({ [BLOCK.tokenExpiryDate]: expect.stringContaining('1 day') });
    expect((await submit(h, { date: '2030-01-01', code })).errors).toEqual({ [BLOCK.tokenExpiryDate]: expect.stringContaining('365 days') });
    // The same code still works: none of the refusals consumed it.
    const created = await submit(h, { date: '2026-02-20', code, description: 'until February' });
    expect(created.response_action).toBe('update');
    expect(await h.core.tokens.list(ann)).toMatchObject([{ description: 'until February', expiresAt: '2026-02-20T23:59:59.999Z' }]);
  });

  it('tells an unlinked user how to link instead of creating anything', async () => {
    const { h } = await setup({ mfa: true });
    const answer = await submit(h, { code: '123456' }, BOB);
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('not linked to a Keboola account yet');
  });
});

describe('/kbc token while the store is locked by another process', () => {
  /** What arrives first: the ack of the submission, or nothing while the lock is held. */
  const NO_ACK = 'no ack while the lock is held';

  it('acks with a progress view in time, then shows the token once via views.update, never in a message or the log', async () => {
    const h = await startFileHarness({ tokenRequiresMfa: false, processBeforeResponse: false, submitDeadlineMs: 200 });
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.command(ANN, 'token');
    const viewId = String((await waitFor(() => h.api.callsTo('views.update')[0])).args['view_id']);
    // A busy writer elsewhere, or a lock left by a killed process: the core waits for it.
    await whileLocked(h, async (release) => {
      const answer = h.interact(submitTokenForm(ANN, values({ description: 'CI deploy', days: '30' }), viewId));
      const first = await Promise.race([answer.then((response) => response.json() as Promise<SubmitAnswer>), new Promise<string>((resolve) => setTimeout(resolve, 2500, NO_ACK))]);
      expect(first).toMatchObject({ response_action: 'update', view: { callback_id: CALLBACK.tokenCreating } });
      expect(textOf((first as SubmitAnswer).view)).toContain('Creating your token');
      expect(await h.core.tokens.list(ann)).toHaveLength(0);
      await release();
      const shown = await waitFor(() => h.api.callsTo('views.update').find((call) => call.args['view_id'] === viewId && textOf(call.args['view']).includes('kbcm_')), 10_000);
      expect((shown.args['view'] as { callback_id: string }).callback_id).toBe(CALLBACK.tokenCreated);
      const token = /kbcm_[A-Za-z0-9]+/.exec(textOf(shown.args['view']))![0];
      expect(textOf(shown.args['view'])).toContain(TOKEN_ONCE_WARNING);
      await expect(h.core.tokens.verify(token)).resolves.toMatchObject({ accountId: ann });
      // Shown in that one view update and nowhere else: no other call, no reply, no log line.
      const elsewhere = h.api.calls.filter((call) => call !== shown).map((call) => call.raw);
      expect([...elsewhere, ...h.api.responses.map((response) => response.raw)].join('\n')).not.toContain(token);
      expect(h.logs.join('\n')).not.toContain(token);
    });
  });

  it('shows a refusal that comes after the ack (a wrong code, judged under the lock) as an error view with the way back', async () => {
    const h = await startFileHarness({ processBeforeResponse: false, submitDeadlineMs: 200 });
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const { secret } = await enableMfa(h.core, h.clock, ann);
    await h.command(ANN, 'token');
    const viewId = String((await waitFor(() => h.api.callsTo('views.update')[0])).args['view_id']);
    await whileLocked(h, async (release) => {
      const answer = await h.interact(submitTokenForm(ANN, values({ code: await wrongCode(secret, h.clock.now()) }), viewId));
      expect(await answer.json()).toMatchObject({ response_action: 'update', view: { callback_id: CALLBACK.tokenCreating } });
      await release();
      const shown = await waitFor(() => h.api.callsTo('views.update').find((call) => call.args['view_id'] === viewId && textOf(call.args['view']).includes('not correct')), 10_000);
      expect(textOf(shown.args['view'])).toContain('/kbc token');
      expect(await h.core.tokens.list(ann)).toHaveLength(0);
    });
  });
});

describe('/kbc token when Slack will not show the outcome after the ack', () => {
  it('deletes the token nobody saw, records it, and says so by DM and on the Home tab, without the token', async () => {
    const h = await startFileHarness({ tokenRequiresMfa: false, processBeforeResponse: false, submitDeadlineMs: 200 });
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.command(ANN, 'token');
    const viewId = String((await waitFor(() => h.api.callsTo('views.update')[0])).args['view_id']);
    await whileLocked(h, async (release) => {
      const answer = await h.interact(submitTokenForm(ANN, values({ description: 'lost one' }), viewId));
      expect(await answer.json()).toMatchObject({ view: { callback_id: CALLBACK.tokenCreating } });
      h.api.failNext('views.update', { error: 'not_found' }); // the user closed the window meanwhile
      await release();
      const home = await waitFor(() => textOf(h.api.homes.get(ANN.userId)).includes('could not show') && textOf(h.api.homes.get(ANN.userId)));
      expect(home).toContain('*lost one*');
      expect(home).toContain('so it was deleted');
      expect(home).toContain('/kbc token');
      // Deleted in the same failure path, not left valid for its 30 days, and recorded as such.
      expect(await h.core.tokens.list(ann)).toHaveLength(0);
      const [deleted] = await h.core.accounts.securityActivity(ann);
      expect(deleted).toMatchObject({ type: 'token.deleted', details: { description: 'lost one', reason: 'not_shown' } });
      // Told in a DM too (the modal is gone and a submission has no response_url).
      const dm = h.api.callsTo('chat.postMessage').find((call) => call.args['channel'] === ANN.userId);
      expect(textOf(dm?.args['blocks'])).toContain('so it was deleted');
      expect(String(dm?.args['text'])).toContain('deleted');
      // Only the refused views.update ever carried it.
      const others = h.api.calls.filter((call) => call.method !== 'views.update').map((call) => call.raw);
      expect([...others, ...h.api.responses.map((response) => response.raw)].join('\n')).not.toMatch(/kbcm_[A-Za-z0-9]{8}/);
      expect(h.logs.join('\n')).not.toMatch(/kbcm_[A-Za-z0-9]{8}/);
    });
  });
});

describe('/kbc tokens', () => {
  it('lists the tokens with Delete behind a confirmation, and deletes in place', async () => {
    const { h, ann } = await setup({ mfa: false });
    const keep = await h.core.tokens.create(ann, { description: 'keep me', expiresInDays: 30 });
    const drop = await h.core.tokens.create(ann, { description: 'drop me', expiresInDays: 30 });
    await h.command(ANN, 'tokens');
    const viewId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    const view = h.api.views.get(viewId)!;
    expect(textOf(view)).toContain('You have 2 Management API tokens');
    const deleteButtons = JSON.stringify(view).match(/"action_id":"kbc_token_delete"/g);
    expect(deleteButtons).toHaveLength(2);
    expect(JSON.stringify(view)).toContain('"confirm"');
    await h.interact(click(h, ANN, ACTION.tokenDelete, drop.token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    const after = textOf(h.api.views.get(viewId));
    expect(after).toContain('Deleted the token *drop me*');
    expect(after).toContain('keep me');
    expect((await h.core.tokens.list(ann)).map((token) => token.id)).toEqual([keep.token.id]);
  });

  it("refuses to delete another account's token", async () => {
    const { h, ann } = await setup({ mfa: false });
    const bob = await makeAccount(h.core, 'bob@example.com');
    await linkSlack(h.core, bob, BOB);
    const bobs = await h.core.tokens.create(bob, { description: 'bob only', expiresInDays: 30 });
    await h.command(ANN, 'tokens');
    const viewId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    await h.interact(click(h, ANN, ACTION.tokenDelete, bobs.token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    expect(textOf(h.api.views.get(viewId))).toContain('no longer exists');
    expect(await h.core.tokens.list(bob)).toHaveLength(1);
    expect(await h.core.tokens.list(ann)).toHaveLength(0);
  });
});
