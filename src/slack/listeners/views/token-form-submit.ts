import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, types, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { isAccountError, type AccountSummary, type ErrorCode } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { BLOCK } from '../../ids.ts';
import { accountFor, slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { errorText, notLinkedText } from '../../messages.ts';
import { field } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { noticeModal } from '../../views/notice.ts';
import { mfaRequiredModal, tokenCreatedModal } from '../../views/token-form.ts';
import { readTokenForm } from './token-form-fields.ts';

const TITLE = 'New access token';

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

interface Outcome {
  readonly response: ViewResponseAction;
  readonly created: boolean;
}

const update = (view: types.ModalView): ViewResponseAction => ({ response_action: 'update', view });
const refused = (view: types.ModalView): Outcome => ({ response: update(view), created: false });

/**
 * Creates the token and decides the response. Fast on purpose: the response IS the ack, so all of
 * this runs inside Slack's 3 seconds (one TOTP check and two short store transactions).
 */
async function createToken(deps: SlackDeps, account: AccountSummary, values: unknown): Promise<Outcome> {
  const { core } = deps;
  // The account's MFA state decides, never the shape of the submitted form; the core enforces
  // the same in its transaction (stepUp), this only picks the friendlier view early.
  if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return refused(mfaRequiredModal());
  const input = readTokenForm(values, { withTotp: account.mfaEnabled });
  if (!input.ok) return { response: { response_action: 'errors', errors: input.errors }, created: false };
  try {
    // With MFA the code is checked after the description and expiry, in the transaction that
    // creates the token: a refused form never spends a code.
    const created = await core.tokens.create(
      account.id,
      { description: input.description, ...input.expiry },
      { stepUp: { code: input.code, allowWithoutMfa: !deps.config.tokenRequiresMfa } },
    );
    return { response: update(tokenCreatedModal(created)), created: true };
  } catch (error) {
    if (!isAccountError(error)) throw error;
    // MFA was turned off since the form opened: the core refused; explain instead of a field error.
    if (error.code === 'MFA_REQUIRED' && error.details.reason === 'not_enabled') return refused(mfaRequiredModal());
    const expiryBlock = 'expiresAt' in input.expiry ? BLOCK.tokenExpiryDate : BLOCK.tokenExpiryDays;
    const block = error.code === 'TOKEN_EXPIRY_INVALID' ? expiryBlock : FIELD_OF[error.code];
    if (!block) throw error;
    return { response: { response_action: 'errors', errors: { [block]: errorText(error) } }, created: false };
  }
}

/**
 * Submission of the token form. The acting account comes from the signed payload's user; the
 * token goes only into the view that replaces the form, never into a message or the log.
 */
export function tokenFormSubmit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = slackUserOf(body);
    let outcome: Outcome;
    try {
      const account = user ? await accountFor(deps.core, user) : null;
      outcome = account ? await createToken(deps, account, field(view, 'state', 'values')) : refused(noticeModal(TITLE, notLinkedText()));
    } catch (error) {
      if (!isAccountError(error)) logFailure(deps.logger, 'creating a token from Slack', error);
      outcome = refused(noticeModal(TITLE, `:warning: ${errorText(error)}`));
    }
    await ack(outcome.response);
    if (outcome.created && user) await publishHome(deps, client, user);
  };
}
