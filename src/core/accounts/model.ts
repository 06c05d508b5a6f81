import type { Account } from '../store/schema.ts';
import type { EntryFrom, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { ACCOUNT_NAME_MAX_LENGTH } from './constants.ts';

type AccountOf<R extends StoreReader> = EntryFrom<R, 'accounts'>;

/** Looks an account up by its normalised email (the unique email index); null when there is none. */
export async function findAccountByEmail<R extends StoreReader>(reader: R, email: string): Promise<AccountOf<R> | null> {
  const [account] = await (reader as StoreView).find('accounts', 'email', email);
  return (account ?? null) as AccountOf<R> | null;
}

/** The account with `accountId` (the transaction's copy inside a transaction), or ACCOUNT_NOT_FOUND. */
export async function requireAccount<R extends StoreReader>(reader: R, accountId: string): Promise<AccountOf<R>> {
  const account = await (reader as StoreView).get('accounts', accountId);
  if (!account) throw new AccountError('ACCOUNT_NOT_FOUND', 'No such account.', { accountId });
  return account as AccountOf<R>;
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
export async function requireAccountByEmail<R extends StoreReader>(reader: R, email: string): Promise<AccountOf<R>> {
  const account = await findAccountByEmail(reader, email);
  if (!account) throw noAccountWithEmail(email);
  return account;
}
