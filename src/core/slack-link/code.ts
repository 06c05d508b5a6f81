import type { Random } from '../shared/random.ts';
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH } from './constants.ts';

const HALF = LINK_CODE_LENGTH / 2;
const CANONICAL = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);

/** A fresh code in its canonical form (`ABCDEFGH`): LINK_CODE_LENGTH uniform symbols. */
export function newLinkCode(random: Random): string {
  let out = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i++) out += LINK_CODE_ALPHABET[random.int(LINK_CODE_ALPHABET.length)];
  return out;
}

/** How a code is shown to a person: `ABCD-EFGH`. */
export function formatLinkCode(canonical: string): string {
  return `${canonical.slice(0, HALF)}-${canonical.slice(HALF)}`;
}

/**
 * The canonical form of what a person typed (any case, with or without the dash or spaces), or
 * null when it cannot be a link code.
 */
export function normalizeLinkCode(input: string): string | null {
  const folded = input.toUpperCase().replace(/[\s-]/g, '');
  return CANONICAL.test(folded) ? folded : null;
}
