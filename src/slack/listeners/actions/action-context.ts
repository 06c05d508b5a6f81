import type { AllMiddlewareArgs, RespondFn, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { isAccountError, type AccountSummary, type SlackUser } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { accountFor, slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { doneButStaleText, errorText, notLinkedText } from '../../messages.ts';
import { actionValue, field, surfaceOf, text, triggerIdOf, type Surface } from '../../payload.ts';
import { slackErrorCode } from '../../delivery/slack-errors.ts';
import { clearHomeNotice, publishHome } from '../../surfaces/home.ts';
import { ModalOpenError, ModalShowError, openModal, renderListModal, type ModalKind } from '../../surfaces/modals.ts';
import type { Notice } from '../../views/blocks.ts';
import { noticeModal } from '../../views/notice.ts';
import { parentOfClick } from '../../views/form-metadata.ts';

export type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs;

/** One button click, after the ack, with the acting user resolved from the signed payload. */
export interface ActionContext {
  readonly deps: SlackDeps;
  readonly client: SlackClient;
  readonly body: unknown;
  readonly user: SlackUser;
  /** Null only while telling an unlinked user what to do. */
  readonly account: AccountSummary | null;
  readonly surface: Surface;
  /** Present when Slack sent a response_url (messages); absent in modals and the Home tab. */
  readonly respond: RespondFn | undefined;
}

export type LinkedActionContext = ActionContext & { readonly account: AccountSummary };

/**
 * Tells the user how the click went, where they clicked: a modal list is re-rendered with the
 * notice on top, the Home tab re-published with it, a message gets an ephemeral reply.
 */
export async function tell(ctx: ActionContext, notice: Notice): Promise<void> {
  const { surface, deps, client } = ctx;
  switch (surface.kind) {
    case 'modal': {
      // The list's own metadata (its page) as the user saw it: only a hint for the re-render.
      const metadata = text(field(ctx.body, 'view', 'private_metadata'));
      await updateClickedModal(
        ctx,
        async () => (ctx.account ? await renderListModal(deps, ctx.account, surface.callbackId, notice, metadata) : null) ?? noticeModal('Keboola account', notice.text),
      );
      return;
    }
    case 'home':
      await publishHome(deps, client, ctx.user, notice);
      return;
    case 'message':
    case 'unknown': {
      const icon = notice.tone === 'success' ? ':white_check_mark:' : ':warning:';
      if (ctx.respond) await ctx.respond({ response_type: 'ephemeral', replace_original: false, text: `${icon} ${notice.text}` });
      else deps.logger.warn(`kbc-account slack: could not tell a user "${notice.tone}" (no response_url)`);
      return;
    }
  }
}

/**
 * Replaces the modal a click came from with `render()`, sent with the hash the click carried:
 * Slack refuses the update if the modal changed since, and then it is rendered (read from the
 * core) and sent again without one, so this click's change and the other's both show.
 */
export async function updateClickedModal(ctx: ActionContext, render: () => Promise<types.ModalView>): Promise<void> {
  const { surface, deps, client } = ctx;
  if (surface.kind !== 'modal') return;
  const hash = text(field(ctx.body, 'view', 'hash'));
  try {
    await client.views.update({ view_id: surface.viewId, view: await render(), ...(hash ? { hash } : {}) });
  } catch (error) {
    if (slackErrorCode(error) !== 'hash_conflict') throw error;
    deps.logger.info('kbc-account slack: the modal changed since it was clicked (hash_conflict); updating it again from fresh data');
    await client.views.update({ view_id: surface.viewId, view: await render() });
  }
}

/**
 * Ends a click after the core made the change: `refresh` shows it where the user clicked (a DM
 * update, a modal re-render), then the Home tab is refreshed. Slack refusing the refresh (an
 * error, a 429) does not undo the change: the user is told it was done — ephemerally when Slack
 * gave a response_url, else on the Home tab — and the cause is logged without payloads.
 */
export async function finishChange(ctx: LinkedActionContext, done: string, refresh: () => Promise<void>): Promise<void> {
  const { deps, client, user, surface } = ctx;
  try {
    await refresh();
  } catch (error) {
    logFailure(deps.logger, 'refreshing Slack after a change the core made', error);
    const text = doneButStaleText(done, surface.kind === 'message' ? 'message' : 'view');
    if (ctx.respond) {
      await ctx.respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${text}` }).catch((failure: unknown) => logFailure(deps.logger, 'replying after a failed refresh', failure));
    } else {
      await publishHome(deps, client, user, { tone: 'warning', text });
      return;
    }
  }
  if (surface.kind !== 'home') await publishHome(deps, client, user);
}

/** Like `tell`, but a failure to tell is only logged (the user already got the ack). */
export async function tellSafely(ctx: ActionContext, notice: Notice): Promise<void> {
  try {
    await tell(ctx, notice);
  } catch (error) {
    logFailure(ctx.deps.logger, 'telling the user the outcome of a click', error);
  }
}

/** A new click: the notice of the last one, kept on the Home tab until now, has been read. */
export function startOfAction(deps: SlackDeps, user: SlackUser): void {
  clearHomeNotice(deps, user);
}

/**
 * Wraps a button listener: ack first (Slack's 3 seconds), resolve the acting account from the
 * signed payload, run `handler`, and turn any failure into words for the user — core errors by
 * their code, anything else as the generic failure (logged). A handler ends a change it made with
 * `finishChange`, so a failure after the change never reaches the generic "nothing was changed".
 */
export function actionListener(deps: SlackDeps, what: string, handler: (ctx: LinkedActionContext) => Promise<void>) {
  return async ({ ack, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const user = slackUserOf(body);
    if (!user) return; // the payload guard already refused these
    startOfAction(deps, user);
    const base = { deps, client, body, user, surface: surfaceOf(body), respond: respond as RespondFn | undefined };
    let account: AccountSummary | null = null;
    try {
      account = await accountFor(deps.core, user);
      if (!account) {
        await tell({ ...base, account: null }, { tone: 'warning', text: notLinkedText() });
        return;
      }
      await handler({ ...base, account });
    } catch (error) {
      if (!isAccountError(error)) logFailure(deps.logger, what, error);
      await tellSafely({ ...base, account }, { tone: 'warning', text: errorText(error) });
    }
  };
}

/**
 * A button that opens a modal (from the Home tab, a DM, a status reply or another modal). With
 * `withItem`, the button's value names the item the modal is about (a token to rotate): a hint
 * the modal looks up among the acting account's own items.
 */
export function openModalListener(deps: SlackDeps, kind: ModalKind, options: { withItem?: boolean } = {}) {
  return async ({ ack, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const user = slackUserOf(body);
    const triggerId = triggerIdOf(body);
    if (!user || !triggerId) return;
    startOfAction(deps, user);
    const surface = surfaceOf(body);
    const itemId = options.withItem ? (actionValue(body) ?? '') : undefined;
    try {
      await openModal(deps, client, {
        kind,
        triggerId,
        user,
        fromModal: surface.kind === 'modal',
        // Pushed over a list: a form refreshes that list once it made its change.
        parent: parentOfClick(body),
        ...(itemId !== undefined ? { itemId } : {}),
      });
    } catch (error) {
      logFailure(deps.logger, `opening the ${kind} modal`, error);
      const text =
        error instanceof ModalOpenError
          ? error.words('click again')
          : error instanceof ModalShowError
            ? error.words
            : errorText(error);
      const account = await accountFor(deps.core, user).catch(() => null);
      await tellSafely({ deps, client, body, user, account, surface, respond: respond as RespondFn | undefined }, { tone: 'warning', text });
    }
  };
}
