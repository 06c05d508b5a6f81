import type { Random } from '../shared/random.ts';

/** Crockford-style alphabet: no 0/O or 1/I/L to misread. 32 symbols, 5 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUP = 5;

/** A recovery code such as `k7m2p-x9qre` (10 symbols, ~50 bits), shown once to the user. */
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
