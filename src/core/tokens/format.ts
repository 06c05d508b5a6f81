import { crc32 } from 'node:zlib';
import type { Random } from '../shared/random.ts';
import { TOKEN_CHECKSUM_LENGTH, TOKEN_PREFIX, TOKEN_RANDOM_LENGTH } from './constants.ts';

/*
 * The token format follows GitHub's scheme for secret scanning: a fixed prefix, a random part in
 * base62, and a CRC32 checksum of the random part in base62. The checksum lets a scanner (and
 * `verify`) reject a mistyped or made-up token without a lookup; it is no protection by itself.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(`^${TOKEN_PREFIX}([0-9A-Za-z]{${TOKEN_RANDOM_LENGTH}})([0-9A-Za-z]{${TOKEN_CHECKSUM_LENGTH}})$`);

/** `value` (a non-negative integer) in base62, left-padded with `0` to `width` characters. */
export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, BASE62[0]);
}

/** The CRC32 (IEEE, as zlib and PNG use it) of `text`'s UTF-8 bytes, unsigned. */
export function crc32Of(text: string): number {
  return crc32(text) >>> 0;
}

/** The 6-character base62 checksum of a token's random part. */
export function tokenChecksum(randomPart: string): string {
  return base62(crc32Of(randomPart), TOKEN_CHECKSUM_LENGTH);
}

/** A fresh token: `kbcm_` + 30 uniform base62 characters + their checksum. */
export function generateTokenSecret(random: Random): string {
  let randomPart = '';
  for (let i = 0; i < TOKEN_RANDOM_LENGTH; i++) randomPart += BASE62[random.int(BASE62.length)];
  return `${TOKEN_PREFIX}${randomPart}${tokenChecksum(randomPart)}`;
}

/** True when `secret` has the token shape and its checksum matches; no lookup involved. */
export function isWellFormedToken(secret: string): boolean {
  const match = SHAPE.exec(secret);
  return match !== null && tokenChecksum(match[1]!) === match[2];
}

/** A token-shaped run in free text: not preceded or followed by another base62 character. */
const IN_TEXT = new RegExp(`(?<![0-9A-Za-z_])${TOKEN_PREFIX}[0-9A-Za-z]{${TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH}}(?![0-9A-Za-z])`, 'g');

/**
 * The well-formed tokens (valid checksum) in `text`, each once, in order of appearance: what a
 * secret scanner matches. Strings of the right shape whose checksum fails are left out (a
 * placeholder such as `kbcm_` + 36 × `x` is not a leak).
 */
export function findTokensInText(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(IN_TEXT)) if (isWellFormedToken(match[0])) found.add(match[0]);
  return [...found];
}
