import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { isAccountError, type AccountSummary, type SlackUser, type TokenView } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { accountFor, slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { errorText, GENERIC_FAILURE, notLinkedText } from '../../messages.ts';
import { field, text } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { sendWithTextFallback } from '../../text-fallback.ts';
import { noticeModal, textMessage } from '../../views/notice.ts';
import type { MessageContent, Notice } from '../../views/blocks.ts';
import type { UnshownTokenFate } from '../../views/token-form.ts';

/**
 * The outcome's views.update goes out at least this long after the ack (ms). Both replace the same
 * view by different paths (the HTTP response, a Web API call); were the update to overtake the
 * ack, the progress view would cover the token for good.
 */
export const UPDATE_AFTER_ACK_MIN_MS = 500;

/** What a submission ends in: a view replacing the form, or errors on its fields. */
export type Outcome =
  | {
      readonly kind: 'view';
      readonly view: types.ModalView;
      /** The token made (its view, never the secret), or null. */
      readonly created: TokenView | null;
    }
  | { readonly kind: 'errors'; readonly errors: Readonly<Record<string, string>> };

export const refused = (view: types.ModalView): Outcome => ({ kind: 'view', view, created: null });
export const fieldErrors = (errors: Readonly<Record<string, string>>): Outcome => ({ kind: 'errors', errors });

/**
 * A modal whose submission makes a token and shows its secret in the view that replaces the form
 * (creating a token, rotating one): what differs between them.
 */
export interface SecretFlow {
  /** For log lines: "creating a token". */
  readonly doing: string;
  /** The modal's title, for notices that replace it. */
  readonly title: string;
  /** The core's work for the linked account, from the submitted view (state values, private_metadata). */
  readonly run: (deps: SlackDeps, account: AccountSummary, view: unknown) => Promise<Outcome>;
  /** The ack while the core has not finished within the deadline. */
  readonly progressView: () => types.ModalView;
  /** The outcome of a refusal found after the ack (the form is gone): `problem` in mrkdwn. */
  readonly failedView: (problem: string) => types.ModalView;
  /** The Home tab's words when a refusal could not be shown in the modal. */
  readonly unshownRefusal: (problem: string) => string;
  /**
   * After the new token was shown: refresh what the form was opened over (the tokens list under a
   * pushed rotation form), so closing the modal does not go back to a stale list. Failures are logged.
   */
  readonly afterShown?: (deps: SlackDeps, client: SlackClient, account: AccountSummary, view: unknown) => Promise<void>;
  /** What the user is told about a token made but never shown (deleted, or kept when deleting failed). */
  readonly notKept: {
    readonly notice: (token: TokenView, fate: UnshownTokenFate) => Notice;
    readonly message: (token: TokenView, fate: UnshownTokenFate) => MessageContent;
  };
}

/** The outcome as the ack Slack acts on. */
function responseOf(outcome: Outcome): ViewResponseAction {
  return outcome.kind === 'view' ? { response_action: 'update', view: outcome.view } : { response_action: 'errors', errors: { ...outcome.errors } };
}

/** Who submitted, and what the core decided. Never rejects: every failure is an outcome. */
async function decide(deps: SlackDeps, flow: SecretFlow, user: SlackUser | null, view: unknown): Promise<{ account: AccountSummary | null; outcome: Outcome }> {
  let account: AccountSummary | null = null;
  try {
    account = user ? await accountFor(deps.core, user) : null;
    return { account, outcome: account ? await flow.run(deps, account, view) : refused(noticeModal(flow.title, notLinkedText())) };
  } catch (error) {
    if (!isAccountError(error)) logFailure(deps.logger, `${flow.doing} from Slack`, error);
    return { account, outcome: refused(noticeModal(flow.title, `:warning: ${errorText(error)}`)) };
  }
}

/** `work`'s result, or null when `ms` passed first. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
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
function viewAfterAck(flow: SecretFlow, outcome: Outcome): types.ModalView {
  if (outcome.kind === 'view') return outcome.view;
  // Field errors need the form, which is gone: say what was wrong and how to start again.
  const problems = Object.values(outcome.errors);
  return flow.failedView(problems.length > 0 ? problems.join('\n') : GENERIC_FAILURE);
}

/** What the user is told when a refusal could not be shown in the modal. */
function unshownRefusal(flow: SecretFlow, outcome: Outcome): Notice {
  const problem = outcome.kind === 'errors' ? Object.values(outcome.errors).join(' ') : 'Slack could not show the outcome.';
  return { tone: 'warning', text: flow.unshownRefusal(problem) };
}

/**
 * A token made for a modal Slack would not update (the user closed it while the store was slow):
 * nobody saw the secret and it cannot be shown again, so it is deleted at once rather than left
 * valid for its lifetime. Only if that fails too is the user asked to delete it.
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
    await sendWithTextFallback(deps.logger, 'a token form outcome', message, (body) => client.chat.postMessage({ channel: user.userId, ...body }));
  } catch (error) {
    logFailure(deps.logger, 'telling the user about a token form outcome Slack could not show', error);
  }
  await publishHome(deps, client, user, notice);
}

/**
 * Finishes a submission acked with the progress view: shows the outcome in the same view. If
 * Slack refuses that, a token made is deleted (nobody saw it) and the user is told by DM and on
 * the Home tab, so nobody is left on the progress view and no unseen token stays valid.
 */
/** Runs the flow's `afterShown` for a token shown, logging (never throwing) a failure. */
async function afterShown(deps: SlackDeps, flow: SecretFlow, client: SlackClient, account: AccountSummary | null, view: unknown): Promise<void> {
  if (!flow.afterShown || !account) return;
  try {
    await flow.afterShown(deps, client, account, view);
  } catch (error) {
    logFailure(deps.logger, `refreshing Slack after ${flow.doing}`, error);
  }
}

async function finishAfterAck(
  deps: SlackDeps,
  flow: SecretFlow,
  client: SlackClient,
  user: SlackUser | null,
  account: AccountSummary | null,
  viewId: string | null,
  outcome: Outcome,
  view: unknown,
): Promise<void> {
  const created = outcome.kind === 'view' ? outcome.created : null;
  try {
    if (!viewId) throw new Error('the submission carried no view id');
    await client.views.update({ view_id: viewId, view: viewAfterAck(flow, outcome) });
  } catch (error) {
    logFailure(deps.logger, `showing the outcome of ${flow.doing}${created ? ` (token ${created.id} was created, not shown)` : ''}`, error);
    if (created && account) {
      const fate = await discardUnshown(deps, account, created);
      if (user) await tellUnshown(deps, client, user, flow.notKept.notice(created, fate), flow.notKept.message(created, fate));
    } else if (user) {
      const notice = unshownRefusal(flow, outcome);
      await tellUnshown(deps, client, user, notice, textMessage(`:warning: ${notice.text}`));
    }
    return;
  }
  if (created) await afterShown(deps, flow, client, account, view);
  if (user && created) await publishHome(deps, client, user);
}

/**
 * Submission of a modal that shows a new token. The acting account comes from the signed
 * payload's user; the token goes only into the view that replaces the form, never into a message
 * or the log.
 *
 * The answer to a view_submission IS the ack, and Slack gives up after 3 seconds, while the core
 * waits for the store's cross-process lock (up to a minute behind a busy writer or a lock left by
 * a killed process). So the core's work races a deadline: in time, the ack carries the outcome
 * (field errors included); too late, the ack shows the progress view and the outcome follows
 * through views.update on the same view.
 */
export function secretSubmission(deps: SlackDeps, flow: SecretFlow) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = slackUserOf(body);
    const work = decide(deps, flow, user, view);
    const early = await within(work, deps.submitDeadlineMs);
    if (early) {
      const { outcome, account } = early;
      await ack(responseOf(outcome));
      if (outcome.kind === 'view' && outcome.created) await afterShown(deps, flow, client, account, view);
      if (outcome.kind === 'view' && outcome.created && user) await publishHome(deps, client, user);
      return;
    }
    await ack({ response_action: 'update', view: flow.progressView() });
    const [{ account, outcome }] = await Promise.all([work, new Promise((resolve) => setTimeout(resolve, UPDATE_AFTER_ACK_MIN_MS))]);
    await finishAfterAck(deps, flow, client, user, account, text(field(body, 'view', 'id')), outcome, view);
  };
}
