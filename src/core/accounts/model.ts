import type { Account } from '../store/schema.ts';
import type { EntryFrom, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { ACCOUNT_NAME_MAX_LENGTH } from './constants.ts';
import { checkText, textProblemMessage } from '../shared/text.ts';

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

/**
 * The trimmed display name, or the part of the email before @ when none is given. Shown to other
 * people (project members, inviters): no control characters, line breaks or invisible formatting.
 */
export function validName(name: string | undefined, email: string): string {
  const rule = { min: 0, max: ACCOUNT_NAME_MAX_LENGTH };
  const { text, length, problem } = checkText(name ?? '', rule);
  if (problem === 'too_long') throw new AccountError('INVALID_INPUT', textProblemMessage('The name', problem, rule, length), { field: 'name', max: ACCOUNT_NAME_MAX_LENGTH });
  if (problem) throw new AccountError('INVALID_INPUT', textProblemMessage('The name', problem, rule), { field: 'name' });
  return text || email.split('@')[0]!;
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
