import { isAccountError, type AccountSummary, type ErrorCode } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { renderListModal } from '../../surfaces/modals.ts';
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts';
import { errorCodeText, errorText } from '../../messages.ts';
import { field, ITEM_ID_MAX_LENGTH, text } from '../../payload.ts';
import {
  GRACE_OPTIONS,
  rotateMfaRequiredModal,
  tokenRotatedModal,
  tokenRotateFailedModal,
  tokenRotateNotKeptMessage,
  tokenRotateNotKeptNotice,
  tokenRotatingModal,
} from '../../views/token-rotate.ts';
import { fieldErrors, refused, secretSubmission, type Outcome, type SecretFlow } from './secret-submission.ts';

/** Second-factor errors, shown on the code field. */
const ON_CODE_FIELD: readonly ErrorCode[] = ['MFA_CODE_MALFORMED', 'MFA_CODE_INVALID', 'MFA_CODE_REUSED', 'MFA_NOT_ENABLED', 'MFA_REQUIRED', 'ACCOUNT_LOCKED'];

/**
 * Rotates the token named in the form's private_metadata for the submitting account: the id is a
 * hint, and the core rotates only a token the account owns (any other is TOKEN_NOT_FOUND). The
 * grace comes from the offered choices only; the code, with MFA, is spent in the rotation's
 * transaction (stepUp), as for creating a token.
 */
async function rotateToken(deps: SlackDeps, account: AccountSummary, view: unknown): Promise<Outcome> {
  if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return refused(rotateMfaRequiredModal());
  const tokenId = text(field(view, 'private_metadata'), ITEM_ID_MAX_LENGTH) ?? '';
  const values = field(view, 'state', 'values');
  const grace = Number(text(field(values, BLOCK.tokenRotateGrace, ACTION.tokenRotateGrace, 'selected_option', 'value'), 8));
  if (!(GRACE_OPTIONS as readonly number[]).includes(grace)) return fieldErrors({ [BLOCK.tokenRotateGrace]: 'Choose how long the old token keeps working.' });
  let code: string | null = null;
  if (account.mfaEnabled) {
    code = (text(field(values, BLOCK.tokenTotp, ACTION.tokenTotp, 'value'), 64) ?? '').replace(/\s/g, '');
    if (code === '') return fieldErrors({ [BLOCK.tokenTotp]: errorCodeText('MFA_CODE_MALFORMED') });
  }
  try {
    const rotated = await deps.core.tokens.rotateOwned(account.id, tokenId, {
      graceSeconds: grace,
      source: 'slack',
      stepUp: { code, allowWithoutMfa: !deps.config.tokenRequiresMfa },
    });
    return { kind: 'view', view: tokenRotatedModal(rotated), created: rotated.token };
  } catch (error) {
    if (!isAccountError(error)) throw error;
    if (error.code === 'MFA_REQUIRED' && error.details.reason === 'not_enabled') return refused(rotateMfaRequiredModal());
    if (ON_CODE_FIELD.includes(error.code)) return fieldErrors({ [BLOCK.tokenTotp]: errorText(error, 'plain') });
    // Not theirs, deleted, revoked, expired or rotated meanwhile: no field to fix.
    return refused(tokenRotateFailedModal(errorText(error)));
  }
}

/**
 * The rotation form was pushed over the tokens list (`/kbc tokens`): that list, the view the user
 * goes back to, is rendered again so it shows the rotated token and its successor. Its id comes from
 * the signed payload; the list's content comes from the core for the acting account.
 */
async function refreshList(deps: SlackDeps, client: SlackClient, account: AccountSummary, view: unknown): Promise<void> {
  // Rotate exists only in the tokens list, which pushed the form: the view under it is that list.
  const listId = text(field(view, 'previous_view_id'), 64);
  if (!listId) return;
  const list = await renderListModal(deps, account, CALLBACK.tokens);
  if (list) await client.views.update({ view_id: listId, view: list });
}

const ROTATE: SecretFlow = {
  doing: 'rotating a token',
  title: 'Rotate access token',
  run: rotateToken,
  afterShown: refreshList,
  progressView: tokenRotatingModal,
  failedView: tokenRotateFailedModal,
  unshownRefusal: (problem) => `Rotating your token did not work: ${problem} Run \`/kbc tokens\` to try again.`,
  notKept: { notice: tokenRotateNotKeptNotice, message: tokenRotateNotKeptMessage },
};

/** Submission of the rotation form (Rotate in `/kbc tokens`): see `secretSubmission`. */
export function tokenRotateSubmit(deps: SlackDeps) {
  return secretSubmission(deps, ROTATE);
}
