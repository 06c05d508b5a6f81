import { OUTBOX_ERROR_MAX_LENGTH } from './constants.ts';

/**
 * Things that look like credentials: Slack tokens (`xoxb-…`, `xapp-…`), bearer headers, and any
 * long unbroken run of token-ish characters. An error message from an HTTP client can echo a
 * request, and `lastError` is shown to operators.
 */
const SECRET_PATTERNS = [
  /\bxox[a-z]-[\w-]+/gi,
  /\bxapp-[\w-]+/gi,
  /\bbearer\s+\S+/gi,
  /[A-Za-z0-9_+/=-]{40,}/g,
];

/** `error` as one short, secret-free line for `lastError`. */
export function shortErrorText(error: string): string {
  let text = error.replace(/\s+/g, ' ').trim();
  for (const pattern of SECRET_PATTERNS) text = text.replace(pattern, '[redacted]');
  if (text === '') return 'unknown error';
  return text.length > OUTBOX_ERROR_MAX_LENGTH ? `${text.slice(0, OUTBOX_ERROR_MAX_LENGTH - 1)}…` : text;
}
