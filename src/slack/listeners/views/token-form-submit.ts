import { isAccountError, type AccountSummary, type ErrorCode } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { BLOCK } from '../../ids.ts';
import { errorText } from '../../messages.ts';
import { field } from '../../payload.ts';
import { mfaRequiredModal, tokenCreatedModal, tokenCreatingModal, tokenFailedModal, tokenNotKeptMessage, tokenNotKeptNotice } from '../../views/token-form.ts';
import { readTokenForm } from './token-form-fields.ts';
import { fieldErrors, refused, secretSubmission, type Outcome, type SecretFlow } from './secret-submission.ts';

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

/**
 * Creates the token and decides the response: usually fast (one TOTP check and two short store
 * transactions), but the store's lock can make it wait; see `secretSubmission`.
 */
async function createToken(deps: SlackDeps, account: AccountSummary, view: unknown): Promise<Outcome> {
  const { core } = deps;
  // The account's MFA state decides, never the shape of the submitted form; the core enforces
  // the same in its transaction (stepUp), this only picks the friendlier view early.
  if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return refused(mfaRequiredModal());
  const input = readTokenForm(field(view, 'state', 'values'), { withTotp: account.mfaEnabled });
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
    return fieldErrors({ [block]: errorText(error, 'plain') });
  }
}

const CREATE: SecretFlow = {
  doing: 'creating a token',
  title: 'New access token',
  run: createToken,
  progressView: tokenCreatingModal,
  failedView: (problem) => tokenFailedModal(problem),
  unshownRefusal: (problem) => `Creating your token did not work: ${problem} Run \`/kbc token\` to try again.`,
  notKept: { notice: tokenNotKeptNotice, message: tokenNotKeptMessage },
};

/** Submission of the token form (`/kbc token`): see `secretSubmission`. */
export function tokenFormSubmit(deps: SlackDeps) {
  return secretSubmission(deps, CREATE);
}
