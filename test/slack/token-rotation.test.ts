import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/core/index.ts';
import { makeAccount, storeContents } from '../support/core.ts';
import { enableMfa, wrongCode } from '../core/mfa/mfa-helpers.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { TOKEN_ONCE_WARNING } from '../../src/slack/views/token-form.ts';
import { actionIdsOf, ANN, BOB, click, linkSlack, startHarness, submitView, textOf, type Harness } from './support/harness.ts';
import type { SlackUser } from '../../src/core/index.ts';

const TOKEN = /kbcm_[A-Za-z0-9]{36}/;

/** A view_submission of the rotation form for `tokenId` (the form's private_metadata) by `user`. */
function rotateSubmission(user: SlackUser, tokenId: string, form: { grace?: string; code?: string; listViewId?: string }, viewId = 'VROTATE') {
  const values = {
    [BLOCK.tokenRotateGrace]: { [ACTION.tokenRotateGrace]: { type: 'static_select', selected_option: { value: form.grace ?? '3600' } } },
    ...(form.code === undefined ? {} : { [BLOCK.tokenTotp]: { [ACTION.tokenTotp]: { type: 'plain_text_input', value: form.code } } }),
  };
  return submitView(user, CALLBACK.tokenRotateForm, values, { viewId, privateMetadata: tokenId, ...(form.listViewId ? { previousViewId: form.listViewId } : {}) });
}

interface SubmitAnswer {
  readonly response_action: string;
  readonly errors?: Record<string, string>;
  readonly view: { readonly callback_id?: string; readonly private_metadata?: string };
}

async function submit(h: Harness, payload: unknown): Promise<SubmitAnswer> {
  const response = await h.interact(payload);
  expect(response.status).toBe(200);
  return (await response.json()) as SubmitAnswer;
}

async function setup(options: { mfa: boolean; tokenRequiresMfa?: boolean }) {
  const h = await startHarness({ tokenRequiresMfa: options.tokenRequiresMfa ?? true });
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const totp = options.mfa ? (await enableMfa(h.core, h.clock, ann)).secret : null;
  const created = await h.core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 30 });
  return { h, ann, totp, ...created };
}

/** `/kbc tokens`; returns the modal's view id and view. */
async function openTokens(h: Harness) {
  await h.command(ANN, 'tokens');
  const viewId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
  return { viewId, view: h.api.views.get(viewId)! };
}

describe('Rotate in /kbc tokens', () => {
  it('offers Rotate next to Delete for a working token only', async () => {
    const { h, ann, secret } = await setup({ mfa: true });
    const leaked = await h.core.tokens.create(ann, { description: 'leaked one', expiresInDays: 30 });
    await h.core.tokens.revokeLeaked([leaked.secret], { source: 'public_revocation' });
    const { view } = await openTokens(h);
    const blocks = (view['blocks'] as { block_id?: string; elements?: unknown[] }[]).filter((block) => block.block_id?.startsWith(`${BLOCK.tokenActions}:`));
    expect(blocks.map((block) => actionIdsOf(block))).toEqual([[ACTION.tokenDelete], [ACTION.tokenRotate, ACTION.tokenDelete]]);
    expect(textOf(view)).toContain('revoked');
    void secret;
  });

  it('opens the rotation form over the list, rotates with the code, and shows the new token once, never elsewhere', async () => {
    const { h, ann, token, secret, totp } = await setup({ mfa: true });
    const { viewId } = await openTokens(h);
    await h.interact(click(h, ANN, ACTION.tokenRotate, token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    expect(h.api.callsTo('views.push')).toHaveLength(1);
    const formId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    const form = h.api.views.get(formId)!;
    expect(form['callback_id']).toBe(CALLBACK.tokenRotateForm);
    expect(form['private_metadata']).toBe(token.id);
    expect(actionIdsOf(form)).toEqual([ACTION.tokenRotateGrace, ACTION.tokenTotp]);
    expect(textOf(form)).toContain('Keeps working for 1 hour');

    const answer = await submit(h, rotateSubmission(ANN, token.id, { code: await totpCodeAt(totp!, h.clock.now()), listViewId: viewId }, formId));
    expect(answer.response_action).toBe('update');
    expect(answer.view.callback_id).toBe(CALLBACK.tokenRotated);
    const shown = textOf(answer.view);
    const fresh = TOKEN.exec(shown)![0];
    expect(shown).toContain(TOKEN_ONCE_WARNING);
    expect(shown).toContain(`The old token (ends in \`${token.hint}\`) keeps working until`);
    await expect(h.core.tokens.verify(fresh)).resolves.toMatchObject({ accountId: ann });
    await expect(h.core.tokens.verify(secret)).resolves.toMatchObject({ tokenId: token.id });
    // The list under the form shows the rotation when the user goes back to it.
    expect(textOf(h.api.views.get(viewId))).toContain('rotated, works until');
    const [event] = (await h.core.accounts.securityActivity(ann)).filter((e) => e.type === 'token.rotated');
    expect(event?.details).toMatchObject({ hint: token.hint, source: 'slack' });

    await h.slack.delivery.deliverDue();
    expect(h.api.allTraffic()).not.toContain(fresh);
    expect(h.logs.join('\n')).not.toContain(fresh);
    expect(await storeContents(h.store)).not.toContain(fresh);
  });

  it('revokes the old token at once when asked', async () => {
    const { h, token, secret, totp } = await setup({ mfa: true });
    const answer = await submit(h, rotateSubmission(ANN, token.id, { grace: '0', code: await totpCodeAt(totp!, h.clock.now()) }));
    expect(textOf(answer.view)).toContain('no longer works');
    await expect(h.core.tokens.verify(TOKEN.exec(textOf(answer.view))![0])).resolves.toBeDefined();
    await expect(h.core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('shows a missing or wrong code on the code field and rotates nothing', async () => {
    const { h, ann, token, totp } = await setup({ mfa: true });
    expect((await submit(h, rotateSubmission(ANN, token.id, { code: '' }))).errors).toEqual({ [BLOCK.tokenTotp]: expect.stringContaining('6-digit code') });
    expect((await submit(h, rotateSubmission(ANN, token.id, { code: await wrongCode(totp!, h.clock.now()) }))).errors).toEqual({
      [BLOCK.tokenTotp]: expect.stringContaining('not correct'),
    });
    expect((await submit(h, rotateSubmission(ANN, token.id, { grace: '86400', code: await totpCodeAt(totp!, h.clock.now()) }))).errors).toHaveProperty(
      BLOCK.tokenRotateGrace,
    );
    expect((await h.core.tokens.list(ann)).map((t) => t.state)).toEqual(['active']);
  });

  it("refuses a forged submission naming another account's token, and a token rotated already", async () => {
    const { h, ann, token, totp } = await setup({ mfa: true });
    const bob = await makeAccount(h.core, 'bob@example.com');
    await linkSlack(h.core, bob, BOB);
    const bobs = await h.core.tokens.create(bob, { description: 'bob only', expiresInDays: 30 });
    const forged = await submit(h, rotateSubmission(ANN, bobs.token.id, { code: await totpCodeAt(totp!, h.clock.now()) }));
    expect(textOf(forged.view)).toContain('no longer exists');
    expect((await h.core.tokens.list(bob)).map((t) => t.state)).toEqual(['active']);

    h.clock.advance({ seconds: 30 });
    await submit(h, rotateSubmission(ANN, token.id, { code: await totpCodeAt(totp!, h.clock.now()) }));
    h.clock.advance({ seconds: 30 });
    const again = await submit(h, rotateSubmission(ANN, token.id, { code: await totpCodeAt(totp!, h.clock.now()) }));
    expect(textOf(again.view)).toContain('rotated already');
    expect((await h.core.tokens.list(ann)).filter((t) => t.state === 'active')).toHaveLength(1);
    // The Rotate button of a token that can no longer be rotated says why instead of a form.
    const { viewId } = await openTokens(h);
    await h.interact(click(h, ANN, ACTION.tokenRotate, token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    expect(textOf(h.api.views.get(String(h.api.callsTo('views.update').at(-1)!.args['view_id'])))).toContain('rotated already');
  });

  it('needs MFA, as creating a token does, unless the operator allowed tokens without it', async () => {
    const strict = await setup({ mfa: false });
    const { viewId } = await openTokens(strict.h);
    await strict.h.interact(click(strict.h, ANN, ACTION.tokenRotate, strict.token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    expect(textOf(strict.h.api.views.get(String(strict.h.api.callsTo('views.update').at(-1)!.args['view_id'])))).toContain('needs multi-factor authentication');
    expect(textOf((await submit(strict.h, rotateSubmission(ANN, strict.token.id, {}))).view)).toContain('needs multi-factor authentication');
    expect((await strict.h.core.tokens.list(strict.ann)).map((t) => t.state)).toEqual(['active']);

    const relaxed = await setup({ mfa: false, tokenRequiresMfa: false });
    const answer = await submit(relaxed.h, rotateSubmission(ANN, relaxed.token.id, {}));
    expect(answer.view.callback_id).toBe(CALLBACK.tokenRotated);
  });
});
