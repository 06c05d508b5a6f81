import type { Account, Document } from '../store/schema.ts';
import type { Snapshot } from '../store/store.ts';
import { defineIndex } from '../store/changes.ts';
import { AccountError } from '../errors.ts';
import { ACCOUNT_NAME_MAX_LENGTH } from './constants.ts';

const accountsByEmail = defineIndex('accounts', (account) => account.email);

/** Looks an account up by its normalised email (an index, not a scan); null when there is none. */
export function findAccountByEmail<D extends Snapshot | Document>(doc: D, email: string): D['accounts'][string] | null {
  const [id] = accountsByEmail(doc.accounts, email);
  return id === undefined ? null : (doc.accounts[id] as D['accounts'][string]);
}

/** The account with `accountId` (a draft inside a transaction), or ACCOUNT_NOT_FOUND. */
export function requireAccount<D extends Snapshot | Document>(doc: D, accountId: string): D['accounts'][string] {
  const account = doc.accounts[accountId];
  if (!account) throw new AccountError('ACCOUNT_NOT_FOUND', 'No such account.', { accountId });
  return account as D['accounts'][string];
}

/** The MFA state of an account that never enrolled (or was reset). */
export function noMfa(): Account['mfa'] {
  return { enabled: false, secret: null, enabledAt: null, lastUsedStep: null, recoveryCodes: [], pending: null };
}

// C0/C1 controls and line or paragraph separators: they would rewrite a terminal or a Slack line.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/** The trimmed display name, or the part of the email before @ when none is given. */
export function validName(name: string | undefined, email: string): string {
  const trimmed = (name ?? '').trim();
  if ([...trimmed].length > ACCOUNT_NAME_MAX_LENGTH) {
    throw new AccountError('INVALID_INPUT', `The name must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters.`, {
      max: ACCOUNT_NAME_MAX_LENGTH,
    });
  }
  if (CONTROL_CHARACTERS.test(trimmed)) {
    throw new AccountError('INVALID_INPUT', 'The name must not contain control characters or line breaks.');
  }
  return trimmed || email.split('@')[0]!;
}

export const emailTaken = (email: string) =>
  new AccountError('EMAIL_TAKEN', `An account with the email ${email} already exists.`, { email });

export const noAccountWithEmail = (email: string) =>
  new AccountError('ACCOUNT_NOT_FOUND', `No account has the email ${email}.`, { email });

/** The account with the (normalised) `email`, or ACCOUNT_NOT_FOUND naming it. */
export function requireAccountByEmail<D extends Snapshot | Document>(doc: D, email: string): D['accounts'][string] {
  const account = findAccountByEmail(doc, email);
  if (!account) throw noAccountWithEmail(email);
  return account;
}
