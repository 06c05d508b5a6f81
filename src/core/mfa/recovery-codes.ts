import type { Random } from '../shared/random.ts';

/** Lower-case letters and digits without 0/o, 1/i/l to misread: 31 symbols, about 4.95 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUP = 5;

/** A recovery code such as `k7m2p-x9qre` (10 symbols, about 49 bits), shown once to the user. */
/** How many of the account's recovery codes are still unused. */
export function recoveryCodesLeft(mfa: { readonly recoveryCodes: readonly { readonly usedAt: string | null }[] }): number {
  return mfa.recoveryCodes.filter((code) => code.usedAt === null).length;
}

export function newRecoveryCode(random: Random): string {
  let out = '';
  for (let i = 0; i < GROUP * 2; i++) out += ALPHABET[random.int(ALPHABET.length)];
  return `${out.slice(0, GROUP)}-${out.slice(GROUP)}`;
}

/** Lower-cases and drops spaces and dashes; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const folded = input.toLowerCase().replace(/[\s-]/g, '');
  return new RegExp(`^[${ALPHABET}]{${GROUP * 2}}$`).test(folded) ? folded : null;
}
