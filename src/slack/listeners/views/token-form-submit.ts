import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { isAccountError, type AccountSummary, type ErrorCode, type SlackUser, type TokenView } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { BLOCK } from '../../ids.ts';
import { accountFor, slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { errorText, GENERIC_FAILURE, notLinkedText } from '../../messages.ts';
import { field, text } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { noticeModal, textMessage } from '../../views/notice.ts';
import type { MessageContent, Notice } from '../../views/blocks.ts';
import {
  mfaRequiredModal,
  tokenCreatedModal,
  tokenCreatingModal,
  tokenFailedModal,
  tokenNotKeptMessage,
  tokenNotKeptNotice,
  type UnshownTokenFate,
} from '../../views/token-form.ts';
import { readTokenForm } from './token-form-fields.ts';

const TITLE = 'New access token';

/**
 * The outcome's views.update goes out at least this long after the ack (ms). Both replace the same
 * view by different paths (the HTTP response, a Web API call); were the update to overtake the
 * ack, "Creating your token…" would cover the token for good.
 */
const UPDATE_AFTER_ACK_MIN_MS = 500;

/** Core errors shown on a field of the form, by the field's block_id. */
const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  MFA_CODE_MALFORMED: BLOCK.tokenTotp,
  MFA_CODE_INVALID: BLOCK.tokenTotp,
  MFA_CODE_REUSED: BLOCK.tokenTotp,
  MFA_NOT_ENABLED: BLOCK.tokenTotp,
  MFA_REQUIRED: BLOCK.tokenTotp,
  ACCOUNT_LOCKED: BLOCK.tokenTotp,
  TOKEN_DESCRIPTION_INVALID: BLOCK.tokenDescription,
};

/** What the submission ends in: a view replacing the form, or errors on its fields. */
type Outcome =
  | {
      readonly kind: 'view';
      readonly view: types.ModalView;
      /** The token created (its view, never the secret), or null. */
      readonly created: TokenView | null;
    }
  | { readonly kind: 'errors'; readonly errors: Readonly<Record<string, string>> };

const refused = (view: types.ModalView): Outcome => ({ kind: 'view', view, created: null });
const fieldErrors = (errors: Readonly<Record<string, string>>): Outcome => ({ kind: 'errors', errors });

/** The outcome as the ack Slack acts on. */
function responseOf(outcome: Outcome): ViewResponseAction {
  return outcome.kind === 'view' ? { response_action: 'update', view: outcome.view } : { response_action: 'errors', errors: { ...outcome.errors } };
}

/**
 * Creates the token and decides the response: usually fast (one TOTP check and two short store
 * transactions), but the store's lock can make it wait; see `tokenFormSubmit`.
 */
async function createToken(deps: SlackDeps, account: AccountSummary, values: unknown): Promise<Outcome> {
  const { core } = deps;
  // The account's MFA state decides, never the shape of the submitted form; the core enforces
  // the same in its transaction (stepUp), this only picks the friendlier view early.
  if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return refused(mfaRequiredModal());
  const input = readTokenForm(values, { withTotp: account.mfaEnabled });
  if (!input.ok) return fieldErrors(input.errors);
  try {
    // With MFA the code is checked after the description and expiry, in the transaction that
    // creates the token: a refused form never spends a code.
    const created = await core.tokens.create(
      account.id,
      { description: input.description, ...input.expiry },
      { stepUp: { code: input.code, allowWithoutMfa: !deps.config.tokenRequiresMfa } },
    );
    return { kind: 'view', view: tokenCreatedModal(created), created: created.token };
  } catch (error) {
    if (!isAccountError(error)) throw error;
    // MFA was turned off since the form opened: the core refused; explain instead of a field error.
    if (error.code === 'MFA_REQUIRED' && error.details.reason === 'not_enabled') return refused(mfaRequiredModal());
    const expiryBlock = 'expiresAt' in input.expiry ? BLOCK.tokenExpiryDate : BLOCK.tokenExpiryDays;
    const block = error.code === 'TOKEN_EXPIRY_INVALID' ? expiryBlock : FIELD_OF[error.code];
    if (!block) throw error;
    return fieldErrors({ [block]: errorText(error) });
  }
}

/** Who submitted, and what the core decided. Never rejects: every failure is an outcome. */
async function decide(deps: SlackDeps, user: SlackUser | null, values: unknown): Promise<{ account: AccountSummary | null; outcome: Outcome }> {
  let account: AccountSummary | null = null;
  try {
    account = user ? await accountFor(deps.core, user) : null;
    return { account, outcome: account ? await createToken(deps, account, values) : refused(noticeModal(TITLE, notLinkedText())) };
  } catch (error) {
    if (!isAccountError(error)) logFailure(deps.logger, 'creating a token from Slack', error);
    return { account, outcome: refused(noticeModal(TITLE, `:warning: ${errorText(error)}`)) };
  }
}

/** `work`'s result, or null when `ms` passed first. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, ms, null);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The view an outcome shows once the form was already replaced by the progress view. */
function viewAfterAck(outcome: Outcome): types.ModalView {
  if (outcome.kind === 'view') return outcome.view;
  // Field errors need the form, which is gone: say what was wrong and how to start again.
  const problems = Object.values(outcome.errors);
  return tokenFailedModal(problems.length > 0 ? problems.join('\n') : GENERIC_FAILURE);
}

/** What the user is told when a refusal could not be shown in the modal. */
function unshownRefusal(outcome: Outcome): Notice {
  const problem = outcome.kind === 'errors' ? Object.values(outcome.errors).join(' ') : 'Slack could not show the outcome.';
  return { tone: 'warning', text: `Creating your token did not work: ${problem} Run \`/kbc token\` to try again.` };
}

/**
 * A token created for a modal Slack would not update (the user closed it while the store was
 * slow): nobody saw the secret and it cannot be shown again, so it is deleted at once rather than
 * left valid for its lifetime. Only if that fails too is the user asked to delete it.
 */
async function discardUnshown(deps: SlackDeps, account: AccountSummary, token: TokenView): Promise<UnshownTokenFate> {
  try {
    await deps.core.tokens.discardUnshown(account.id, token.id);
    deps.logger.warn(`kbc-account slack: token ${token.id} was created but could not be shown; deleted it`);
    return 'deleted';
  } catch (error) {
    // Deleted meanwhile (by the user in the dashboard): nobody can use it either.
    if (isAccountError(error, 'TOKEN_NOT_FOUND')) return 'deleted';
    logFailure(deps.logger, `deleting token ${token.id}, created but not shown`, error);
    return 'kept';
  }
}

/**
 * Tells the user in a DM what became of a submission whose modal could not show it (the modal is
 * gone; a view_submission has no response_url), and on the Home tab. Never the token.
 */
async function tellUnshown(deps: SlackDeps, client: SlackClient, user: SlackUser, notice: Notice, message: MessageContent): Promise<void> {
  try {
    await client.chat.postMessage({ channel: user.userId, text: message.text, blocks: message.blocks });
  } catch (error) {
    logFailure(deps.logger, 'telling the user about a token form outcome Slack could not show', error);
  }
  await publishHome(deps, client, user, notice);
}

/**
 * Finishes a submission acked with the progress view: shows the outcome in the same view. If
 * Slack refuses that, a token it created is deleted (nobody saw it) and the user is told by DM and
 * on the Home tab, so nobody is left on "Creating…" and no unseen token stays valid.
 */
async function finishAfterAck(
  deps: SlackDeps,
  client: SlackClient,
  user: SlackUser | null,
  account: AccountSummary | null,
  viewId: string | null,
  outcome: Outcome,
): Promise<void> {
  const created = outcome.kind === 'view' ? outcome.created : null;
  try {
    if (!viewId) throw new Error('the submission carried no view id');
    await client.views.update({ view_id: viewId, view: viewAfterAck(outcome) });
  } catch (error) {
    logFailure(deps.logger, `showing the outcome of the token form${created ? ` (token ${created.id} was created, not shown)` : ''}`, error);
    if (created && account) {
      const fate = await discardUnshown(deps, account, created);
      if (user) await tellUnshown(deps, client, user, tokenNotKeptNotice(created, fate), tokenNotKeptMessage(created, fate));
    } else if (user) {
      const notice = unshownRefusal(outcome);
      await tellUnshown(deps, client, user, notice, textMessage(`:warning: ${notice.text}`));
    }
    return;
  }
  if (user && created) await publishHome(deps, client, user);
}

/**
 * Submission of the token form. The acting account comes from the signed payload's user; the
 * token goes only into the view that replaces the form, never into a message or the log.
 *
 * The answer to a view_submission IS the ack, and Slack gives up after 3 seconds, while creating
 * the token waits for the store's cross-process lock (up to a minute behind a busy writer or a
 * lock left by a killed process). So the core's work races a deadline: in time, the ack carries
 * the outcome (field errors included); too late, the ack shows "Creating your token…" and the
 * outcome follows through views.update on the same view.
 */
export function tokenFormSubmit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = slackUserOf(body);
    const work = decide(deps, user, field(view, 'state', 'values'));
    const early = await within(work, deps.submitDeadlineMs);
    if (early) {
      const { outcome } = early;
      await ack(responseOf(outcome));
      if (outcome.kind === 'view' && outcome.created && user) await publishHome(deps, client, user);
      return;
    }
    await ack({ response_action: 'update', view: tokenCreatingModal() });
    const [{ account, outcome }] = await Promise.all([work, new Promise((resolve) => setTimeout(resolve, UPDATE_AFTER_ACK_MIN_MS))]);
    await finishAfterAck(deps, client, user, account, text(field(body, 'view', 'id')), outcome);
  };
}
