import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { isAccountError, type AccountSummary, type SlackUser } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { accountFor, slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { errorText, GENERIC_FAILURE, notLinkedText } from '../../messages.ts';
import { field, text } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { loadingModal, noticeModal } from '../../views/notice.ts';
import { UPDATE_AFTER_ACK_MIN_MS, within } from './secret-submission.ts';

/** What a form's submission ends in: a view replacing the form (and what to refresh after), or errors on its fields. */
export type FormOutcome =
  | {
      readonly kind: 'view';
      readonly view: types.ModalView;
      /** After the answer: refresh what the change touched (a DM, the Home tab). Failures are logged. */
      readonly after?: (client: SlackClient, user: SlackUser) => Promise<void>;
    }
  | { readonly kind: 'errors'; readonly errors: Readonly<Record<string, string>> };

/** A form whose submission makes one core change (asking to join, approving with a role). */
export interface FormFlow {
  /** For log lines: "asking to join a project". */
  readonly doing: string;
  /** The modal's title, for notices that replace it. */
  readonly title: string;
  /** The core's work for the linked account, from the submitted view (state values, private_metadata). */
  readonly run: (deps: SlackDeps, account: AccountSummary, view: unknown) => Promise<FormOutcome>;
}

/** The outcome for the linked account, or the words for an unlinked user or a failure. Never rejects. */
async function decide(deps: SlackDeps, flow: FormFlow, user: SlackUser | null, view: unknown): Promise<FormOutcome> {
  try {
    const account = user ? await accountFor(deps.core, user) : null;
    if (!account) return { kind: 'view', view: noticeModal(flow.title, notLinkedText()) };
    return await flow.run(deps, account, view);
  } catch (error) {
    if (!isAccountError(error)) logFailure(deps.logger, `${flow.doing} from Slack`, error);
    return { kind: 'view', view: noticeModal(flow.title, `:warning: ${errorText(error)}`) };
  }
}

function responseOf(outcome: FormOutcome): ViewResponseAction {
  return outcome.kind === 'view' ? { response_action: 'update', view: outcome.view } : { response_action: 'errors', errors: { ...outcome.errors } };
}

async function after(deps: SlackDeps, flow: FormFlow, client: SlackClient, user: SlackUser | null, outcome: FormOutcome): Promise<void> {
  if (outcome.kind !== 'view' || !outcome.after || !user) return;
  try {
    await outcome.after(client, user);
  } catch (error) {
    logFailure(deps.logger, `refreshing Slack after ${flow.doing}`, error);
  }
}

/**
 * Submission of a form that makes one change. The acting account comes from the signed payload's
 * user, never from the view. As for the token form, the core's work races a deadline (the answer
 * to a view_submission is the ack, and Slack gives up after 3 s while the store may wait for its
 * lock): in time, the ack carries the outcome, field errors included; too late, the ack shows
 * "Working…" and the outcome follows through views.update (field errors then as words, the form
 * being gone). When even that fails, the Home tab says so.
 */
export function formSubmission(deps: SlackDeps, flow: FormFlow) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = slackUserOf(body);
    const work = decide(deps, flow, user, view);
    const early = await within(work, deps.submitDeadlineMs);
    if (early) {
      await ack(responseOf(early));
      await after(deps, flow, client, user, early);
      return;
    }
    await ack({ response_action: 'update', view: loadingModal(flow.title) });
    const [outcome] = await Promise.all([work, new Promise((resolve) => setTimeout(resolve, UPDATE_AFTER_ACK_MIN_MS))]);
    const shown =
      outcome.kind === 'view' ? outcome.view : noticeModal(flow.title, `:warning: ${Object.values(outcome.errors).join('\n') || GENERIC_FAILURE}\nNothing changed; start again.`);
    try {
      const viewId = text(field(body, 'view', 'id'));
      if (!viewId) throw new Error('the submission carried no view id');
      await client.views.update({ view_id: viewId, view: shown });
    } catch (error) {
      logFailure(deps.logger, `showing the outcome of ${flow.doing}`, error);
      const words = `${flow.title}: Slack could not show the outcome in the window. This tab shows how things stand now.`;
      if (user) await publishHome(deps, client, user, { tone: 'warning', text: words });
    }
    await after(deps, flow, client, user, outcome);
  };
}
