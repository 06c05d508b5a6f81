import { endOfUtcDay, TOKEN_EXPIRY_CHOICES_DAYS, type TokenExpiry } from '../../../core/index.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { errorCodeText } from '../../messages.ts';
import { field, text } from '../../payload.ts';

/** What the token form carried, or the errors to show on its fields (keyed by block_id). */
export type TokenFormInput =
  | { readonly ok: true; readonly description: string; readonly expiry: TokenExpiry; readonly code: string | null }
  | { readonly ok: false; readonly errors: Record<string, string> };

const valueOf = (values: unknown, block: string, action: string, key: string): unknown => field(values, block, action, key);

/**
 * Reads the submitted token form (`view.state.values`) into core input; only what the form
 * itself can get wrong (nothing chosen, a missing code) is checked here. The core judges the
 * description and the expiry. A date picked means the end of that day (UTC) and replaces the
 * choice of days.
 */
export function readTokenForm(values: unknown, options: { withTotp: boolean }): TokenFormInput {
  const errors: Record<string, string> = {};
  const description = text(valueOf(values, BLOCK.tokenDescription, ACTION.tokenDescription, 'value'), 10_000) ?? '';

  let expiry: TokenExpiry | null = null;
  const date = text(valueOf(values, BLOCK.tokenExpiryDate, ACTION.tokenExpiryDate, 'selected_date'), 10);
  const days = Number(text(field(valueOf(values, BLOCK.tokenExpiryDays, ACTION.tokenExpiryDays, 'selected_option'), 'value'), 5));
  if (date !== null) {
    const at = endOfUtcDay(date);
    if (!at) errors[BLOCK.tokenExpiryDate] = 'Pick a date from the calendar.';
    else expiry = { expiresAt: at };
  } else if ((TOKEN_EXPIRY_CHOICES_DAYS as readonly number[]).includes(days)) {
    expiry = { expiresInDays: days };
  } else {
    errors[BLOCK.tokenExpiryDays] = 'Choose when the token expires.';
  }

  let code: string | null = null;
  if (options.withTotp) {
    code = (text(valueOf(values, BLOCK.tokenTotp, ACTION.tokenTotp, 'value'), 64) ?? '').replace(/\s/g, '');
    if (code === '') errors[BLOCK.tokenTotp] = errorCodeText('MFA_CODE_MALFORMED');
  }
  if (Object.keys(errors).length > 0 || expiry === null) return { ok: false, errors };
  return { ok: true, description, expiry, code };
}
