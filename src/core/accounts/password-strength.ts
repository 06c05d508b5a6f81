import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';

/**
 * zxcvbn's score a password needs (0–4). 3 means at least 10^8 guesses: "safely unguessable,
 * moderate protection from an offline slow-hash attack". Our hashes are argon2id (tens of ms a
 * guess), so a stolen store still costs months of CPU per account; 4 (10^10) would also refuse
 * random 8-character passwords, and 2 (10^6) only resists throttled online guessing.
 */
export const PASSWORD_MIN_SCORE = 3;

/**
 * Characters the estimate looks at. zxcvbn's matching grows faster than linearly (measured on 2
 * cores: a 256-character password with symbols took up to 1.5 s, the first 64 under 60 ms). A
 * prefix never has more guesses than the whole, so estimating it can refuse, never accept, more.
 */
export const ESTIMATE_MAX_LENGTH = 64;

/**
 * Words of this service an attacker tries first (NIST SP 800-63B: "context-specific words, such
 * as the name of the service"). Passed to zxcvbn as user inputs with the account's own words.
 */
export const PRODUCT_WORDS: readonly string[] = [
  'keboola',
  'kbc',
  'connection',
  'keboolaconnection',
  'kbcaccount',
  'account',
  'dashboard',
  'management',
];

/** Why an estimate is too low, from zxcvbn's feedback; each has its sentence in `WEAK_REASONS`. */
export type WeakReason = 'personal' | 'product' | 'repeat' | 'sequence' | 'keyboard' | 'date' | 'common' | 'word' | 'name' | 'guessable';

/**
 * One short sentence per reason, shown as the password is typed (about 30 cells wide on an
 * 80-column dashboard, so two lines at most): what makes it guessable, or what to leave out.
 */
export const WEAK_REASONS: Readonly<Record<WeakReason, string>> = {
  personal: 'Leave out your name and email address.',
  product: 'Leave out "Keboola" and other words of this service.',
  repeat: 'Repeated characters like "aaaa" are easy to guess.',
  sequence: 'Sequences like "abcd" or "1234" are easy to guess.',
  keyboard: 'Keyboard patterns like "qwerty" are easy to guess.',
  date: 'Dates and years are easy to guess.',
  common: 'This is too close to a commonly used password.',
  word: 'A single word is easy to guess, even with letters swapped.',
  name: 'Names are easy to guess; add a few uncommon words.',
  guessable: 'This is too easy to guess; make it longer.',
};

/** zxcvbn's warning keys (its default "translations" are the keys themselves) to our reasons. */
const REASON_OF_WARNING: Readonly<Record<string, WeakReason>> = {
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  recentYears: 'date',
  dates: 'date',
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  wordByItself: 'word',
  namesByThemselves: 'name',
  commonNames: 'name',
  userInputs: 'personal',
};

/** Who the password is for: their words are guessed first. */
export interface PasswordOwner {
  readonly email: string;
  readonly name?: string | undefined;
}

export interface StrengthEstimate {
  readonly score: number;
  /** Why the score is below PASSWORD_MIN_SCORE; null when it is enough. */
  readonly reason: WeakReason | null;
}

interface Estimator {
  readonly zxcvbn: ZxcvbnFactory;
  readonly common: ReadonlySet<string>;
}

let estimator: Promise<Estimator> | null = null;

/**
 * zxcvbn with the common-password list, keyboard layouts and English words and names. Imported
 * and built once per process on first use (about 250 ms and 30 MB), so commands that never
 * check a password do not pay for it. A failed load is retried on the next call.
 */
export function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      maxLength: ESTIMATE_MAX_LENGTH,
      // More substitutions than this are rare in real passwords and multiply the matching work.
      l33tMaxSubstitutions: 12,
    });
    const list = new Set((common.dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));
    return { zxcvbn, common: list };
  })().catch((error: unknown) => {
    estimator = null;
    throw error;
  });
  return estimator;
}

/** Anything but letters and digits: splits `jane.walker` and `Jane Walker` into words. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/**
 * The email; the local part and the display name whole, joined up and word by word; the domain's
 * labels but the last (`com` says nothing about the owner). Words under 3 characters
 * are left out: they would match everywhere and blame the owner's name for unrelated weakness.
 */
export function ownerWords(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  const [local = '', domain = ''] = email.split('@');
  const name = (owner.name ?? '').trim().toLowerCase();
  const joined = (text: string) => [text, text.replace(SEPARATORS, ''), ...text.split(SEPARATORS)];
  const words = [email, ...joined(local), ...domain.split('.').slice(0, -1), ...joined(name)];
  return [...new Set(words.filter((word) => [...word].length >= 3))];
}

/**
 * 'personal' or 'product' when a word zxcvbn matched is the owner's or the service's. Any
 * dictionary counts: `walker` may be matched as a common surname, and it is still the owner's.
 */
function userInputReason(result: ZxcvbnResult, owner: readonly string[]): WeakReason | null {
  const words = result.sequence.filter((match) => match.pattern === 'dictionary').map((match) => String(match['matchedWord']).toLowerCase());
  if (words.some((word) => owner.includes(word))) return 'personal';
  if (words.some((word) => PRODUCT_WORDS.includes(word))) return 'product';
  return null;
}

function reasonOf(result: ZxcvbnResult, owner: readonly string[]): WeakReason {
  // The owner's and the service's words come first: NIST names them, and the fix is plain.
  const input = userInputReason(result, owner);
  if (input) return input;
  const warning = result.feedback.warning;
  return (warning !== null && REASON_OF_WARNING[warning]) || 'guessable';
}

/** zxcvbn's estimate of `password` with the owner's and the service's words as user inputs. */
export async function estimateStrength(password: string, owner: PasswordOwner): Promise<StrengthEstimate> {
  const { zxcvbn } = await loadEstimator();
  const words = ownerWords(owner);
  const result = zxcvbn.check(password, [...words, ...PRODUCT_WORDS]);
  return { score: result.score, reason: result.score >= PASSWORD_MIN_SCORE ? null : reasonOf(result, words) };
}

/** True when `folded` (trimmed, lower-cased) is on zxcvbn-ts's list of ~49k common passwords. */
export async function isCommonPassword(folded: string): Promise<boolean> {
  return (await loadEstimator()).common.has(folded);
}
