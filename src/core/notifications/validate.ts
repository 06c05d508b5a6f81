import type { NotificationAudience, NotificationKind } from '../store/schema.ts';
import type { StoreReader } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { checkText, forbiddenCharacters, quoted, textProblemMessage, type TextRule } from '../shared/text.ts';
import { NOTIFICATION_KINDS } from '../store/schema.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { requireAccountByEmail } from '../accounts/model.ts';
import { requireProject } from '../projects/model.ts';
import { NOTIFICATION_LINK_MAX_LENGTH, NOTIFICATION_MESSAGE_MAX_LENGTH, NOTIFICATION_TITLE_MAX_LENGTH } from './constants.ts';

/** Who an operator publishes to: everyone, one project's members, or accounts named by email. */
export type AudienceInput =
  | { readonly type: 'all' }
  | { readonly type: 'project'; readonly projectId: string }
  | { readonly type: 'accounts'; readonly emails: readonly string[] };

/** What an operator publishes. */
export interface PublishInput {
  /** One of NOTIFICATION_KINDS. */
  readonly kind: string;
  /** 1–120 characters. */
  readonly title: string;
  /** 1–2000 characters. */
  readonly message: string;
  /** An http(s) URL the notification points to. */
  readonly link?: string | null;
  /** After this instant nobody sees it; must be in the future. */
  readonly expiresAt?: Date | null;
  readonly audience: AudienceInput;
}

/** The input checked and normalised, ready for insertNotification (audience still by email). */
export interface CheckedPublish {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly message: string;
  readonly link: string | null;
  readonly expiresAt: Date | null;
  readonly audience: { readonly type: 'all' } | { readonly type: 'project'; readonly projectId: string } | { readonly type: 'accounts'; readonly emails: readonly string[] };
}

/** Validates everything that does not need the stored data; throws the first problem found. */
export function checkPublishInput(input: PublishInput, now: Date): CheckedPublish {
  return {
    kind: validKind(input.kind),
    title: validText('title', input.title, NOTIFICATION_TITLE_MAX_LENGTH),
    message: validText('message', input.message, NOTIFICATION_MESSAGE_MAX_LENGTH),
    link: input.link === undefined || input.link === null ? null : validLink(input.link),
    expiresAt: input.expiresAt === undefined || input.expiresAt === null ? null : validExpiry(input.expiresAt, now),
    audience: checkAudience(input.audience),
  };
}

/**
 * Turns the checked audience into the stored one inside the transaction: the project must exist
 * and every email must belong to an account (ACCOUNT_NOT_FOUND names the first that does not).
 */
export async function resolveAudience(reader: StoreReader, audience: CheckedPublish['audience']): Promise<NotificationAudience> {
  switch (audience.type) {
    case 'all':
      return { type: 'all' };
    case 'project':
      return { type: 'project', projectId: (await requireProject(reader, audience.projectId)).id };
    case 'accounts': {
      // One at a time, in the order given: ACCOUNT_NOT_FOUND names the first unknown email.
      const accountIds: string[] = [];
      for (const email of audience.emails) accountIds.push((await requireAccountByEmail(reader, email)).id);
      return { type: 'accounts', accountIds: [...new Set(accountIds)] };
    }
  }
}

function validKind(kind: string): NotificationKind {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) {
    throw new AccountError('NOTIFICATION_KIND_INVALID', `The kind must be one of ${NOTIFICATION_KINDS.join(', ')}; got ${quoted(String(kind))}.`, { kind });
  }
  return kind as NotificationKind;
}

function validText(field: 'title' | 'message', value: string, max: number): string {
  // A title is one line; a message may have line breaks, and the joiners emoji and some scripts need.
  const rule: TextRule = field === 'message' ? { min: 1, max, multiline: true, joiners: true } : { min: 1, max };
  const { text, length, problem } = checkText(value, rule);
  if (problem) throw new AccountError('INVALID_INPUT', textProblemMessage(`The ${field}`, problem, rule, length), { field, max, length });
  return text;
}

/**
 * An absolute http(s) URL with a host, kept as given (trimmed). Checked on the text itself, not
 * only on what `URL` makes of it: the parser silently drops or percent-encodes control
 * characters, so `https://x.io/a\x1b]2;PWNED\x07` would parse, and be stored and shown raw.
 */
function validLink(link: string): string {
  const trimmed = typeof link === 'string' ? link.trim() : '';
  let url: URL | null = null;
  try {
    url = new URL(trimmed);
  } catch {
    url = null;
  }
  const forbidden = forbiddenCharacters(trimmed);
  if (
    forbidden !== null ||
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    /\s/.test(trimmed) ||
    trimmed.length > NOTIFICATION_LINK_MAX_LENGTH
  ) {
    // Quoted with control and formatting characters escaped: the message is safe to print anywhere.
    const shown = quoted(trimmed, 100);
    const why = forbidden === null ? '' : ` ${textProblemMessage('It', forbidden, { min: 0, max: NOTIFICATION_LINK_MAX_LENGTH })}`;
    throw new AccountError('NOTIFICATION_LINK_INVALID', `The link must be an http:// or https:// URL of at most ${NOTIFICATION_LINK_MAX_LENGTH} characters; got ${shown}.${why}`, {
      max: NOTIFICATION_LINK_MAX_LENGTH,
    });
  }
  return trimmed;
}

function validExpiry(expiresAt: Date, now: Date): Date {
  const time = expiresAt instanceof Date ? expiresAt.getTime() : Number.NaN;
  if (Number.isNaN(time) || time <= now.getTime()) {
    throw new AccountError('NOTIFICATION_EXPIRY_INVALID', 'The expiry must be a valid date in the future.', {
      expiresAt: Number.isNaN(time) ? null : expiresAt.toISOString(),
      now: now.toISOString(),
    });
  }
  return expiresAt;
}

function checkAudience(audience: AudienceInput): CheckedPublish['audience'] {
  switch (audience?.type) {
    case 'all':
      return { type: 'all' };
    case 'project':
      return { type: 'project', projectId: audience.projectId };
    case 'accounts': {
      if (audience.emails.length === 0) {
        throw new AccountError('INVALID_INPUT', 'Name at least one account to publish to.', { field: 'audience' });
      }
      return { type: 'accounts', emails: [...new Set(audience.emails.map(normalizeEmail))] };
    }
    default:
      throw new AccountError('INVALID_INPUT', 'The audience must be everyone, a project or a list of accounts.', { field: 'audience' });
  }
}
