import { domainToASCII } from 'node:url';
import { AccountError } from '../errors.ts';
import { forbiddenCharacters, quoted } from '../shared/text.ts';

/** RFC 5321's limit on a whole address. */
export const EMAIL_MAX_LENGTH = 254;
/**
 * Something@domain.tld without spaces, control characters (an address with escape sequences
 * would rewrite the terminal it is printed on) or a second @. Deliverability is the mail
 * server's business.
 */
const EMAIL_PATTERN = /^[^\s@\p{Cc}]+@[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u;
/** A domain after IDNA: letters, digits, hyphens (and `_`, which some hosts carry), in two or more labels. */
/** What a domain may be written with before IDNA: letters, marks, digits, `-`, `_` and dots (no `%`, which IDNA would decode). */
const UNICODE_DOMAIN = /^[\p{L}\p{M}\p{N}_.-]+$/u;
const ASCII_DOMAIN = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)+$/;
/** How much of a rejected input the error message repeats. */
const ECHO_MAX_LENGTH = 80;

/**
 * The scripts a local part may be written in. Characters of no particular script (digits,
 * punctuation, combining marks: Script=Common or Inherited) go with any of them.
 */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Samaritan', 'Mandaic',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
  'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Tai_Le', 'New_Tai_Lue', 'Tai_Tham', 'Tai_Viet', 'Balinese', 'Javanese', 'Sundanese',
  'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi', 'Lisu', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic',
  'Coptic', 'Glagolitic', 'Tifinagh', 'Vai', 'Bamum', 'Adlam', 'Osage', 'Ol_Chiki', 'Gothic', 'Deseret', 'Shavian', 'Osmanya',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
/**
 * Scripts that are written together (Unicode TS #39, "highly restrictive"): Japanese mixes Han
 * with Hiragana and Katakana, Chinese Han with Bopomofo, Korean Han with Hangul, each also with
 * Latin. Any other mix, Latin with Cyrillic above all, is how `аnn@` (Cyrillic а) passes for `ann@`.
 */
const WRITTEN_TOGETHER: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

/** The scripts `text` is written in (Common and Inherited left out; unlisted scripts as "Other"). */
function scriptsOf(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text) {
    if (NEUTRAL.test(char)) continue;
    scripts.add(SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'Other');
  }
  return scripts;
}

/** True when the scripts of `text` may appear together in one name. */
function singleScript(text: string): boolean {
  const scripts = [...scriptsOf(text)];
  if (scripts.length <= 1) return true;
  return WRITTEN_TOGETHER.some((allowed) => scripts.every((script) => allowed.includes(script)));
}

function invalidEmail(input: string, why: string): AccountError {
  const shown = [...input.trim()].slice(0, ECHO_MAX_LENGTH).join('');
  // Quoted with control and formatting characters escaped: the message is safe to print anywhere.
  return new AccountError('INVALID_EMAIL', `${quoted(shown, ECHO_MAX_LENGTH)} is not a valid email address (${why}).`, { email: shown });
}

/**
 * The account's identifier for what someone typed as an email, so that one address has one
 * form however it is written: trimmed, folded with NFKC (fullwidth `ＡＮＮ` is `ANN`) and
 * lower-cased, the domain converted to its ASCII (IDNA) form (`bücher.example` is
 * `xn--bcher-kva.example`). Throws INVALID_EMAIL when malformed, when it holds control or
 * invisible formatting characters (zero-width, bidirectional overrides), when the domain cannot
 * be converted, or when the part before @ mixes scripts (Latin with Cyrillic `а`).
 * Every lookup by email goes through here, so such an address never finds, or becomes, another account.
 */
export function normalizeEmail(input: string): string {
  const raw = typeof input === 'string' ? input : '';
  const forbidden = forbiddenCharacters(raw.trim());
  if (forbidden === 'control_characters') throw invalidEmail(raw, 'it contains control characters');
  if (forbidden === 'format_characters') throw invalidEmail(raw, 'it contains invisible formatting characters');
  // Half of a character (a lone UTF-16 surrogate): PostgreSQL keeps it as U+FFFD, so two such
  // addresses would be one key there (and one account) while the other stores keep them apart.
  if (forbidden === 'broken_characters') throw invalidEmail(raw, 'it contains half of a character');
  // NFKC turns fullwidth and halfwidth forms into plain ones; the ideographic full stop separates labels as IDNA says.
  const folded = raw.trim().normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\u3002/g, '.');
  if (folded.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(folded) || forbiddenCharacters(folded) !== null) {
    throw invalidEmail(raw, 'expected name@example.com');
  }
  const at = folded.lastIndexOf('@');
  const local = folded.slice(0, at);
  const unicodeDomain = folded.slice(at + 1);
  const domain = UNICODE_DOMAIN.test(unicodeDomain) ? domainToASCII(unicodeDomain) : '';
  if (domain === '' || !ASCII_DOMAIN.test(domain)) throw invalidEmail(raw, 'the domain is not a valid domain name');
  if (!singleScript(local)) throw invalidEmail(raw, 'the part before @ mixes letters of different scripts');
  const email = `${local}@${domain}`;
  if (email.length > EMAIL_MAX_LENGTH) throw invalidEmail(raw, `longer than ${EMAIL_MAX_LENGTH} characters`);
  return email;
}
