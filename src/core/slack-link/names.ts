import { checkText } from '../shared/text.ts';
import { SLACK_NAME_MAX_LENGTH } from './constants.ts';

/** Names are free text people chose in Slack: emoji sequences need the joiners, nothing else invisible. */
const NAME_RULE = { min: 1, max: SLACK_NAME_MAX_LENGTH, joiners: true } as const;

/**
 * A Slack handle or workspace name as it may be shown to people (the dashboard prints it in a
 * terminal): trimmed, and null when it is empty, longer than SLACK_NAME_MAX_LENGTH or holds
 * control or invisible format characters (an escape sequence, a bidirectional override), the
 * rule of every text the core shows (shared/text.ts). Slack chose it, not the account holder: a
 * refused name is not an error anyone could fix here, so the ids are shown instead.
 */
export function safeSlackName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const { text, problem } = checkText(value, NAME_RULE);
  return problem ? null : text;
}

/** safeSlackName of a handle, without the `@` Slack may put in front (the dashboard adds its own). */
export function safeSlackHandle(value: unknown): string | null {
  return safeSlackName(typeof value === 'string' ? value.trim().replace(/^@+/, '') : value);
}
