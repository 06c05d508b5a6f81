import type { Logger } from '@slack/bolt';
import { isAccountError } from '../core/index.ts';
import { field } from './payload.ts';

/**
 * A loggable description of an error: for a Slack Web API error its code (`user_not_found`), for
 * a core error its code, otherwise its name, message and stack. Never a request body, a view or a
 * token: those may hold secrets.
 */
export function describeError(error: unknown): string {
  if (isAccountError(error)) return `${error.code}: ${error.message}`;
  const slackCode = field(error, 'data', 'error');
  const code = field(error, 'code');
  if (typeof code === 'string' && code.startsWith('slack_')) {
    return typeof slackCode === 'string' ? `${code} (${slackCode})` : code;
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Logs an unexpected failure of `what` (a listener, a delivery) without secrets. */
export function logFailure(logger: Logger, what: string, error: unknown): void {
  logger.error(`kbc-account slack: ${what} failed: ${describeError(error)}`);
}
