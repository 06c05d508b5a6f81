import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './digest.ts';

/** Turns passwords into verifiers; pluggable so tests can use a fast one. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with another algorithm or other parameters than the current ones. */
  needsRehash(hash: string): boolean;
}

/** argon2id cost parameters: `memoryCost` in KiB, `timeCost` in iterations, `parallelism` in lanes. */
export interface Argon2Params {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's first argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const ARGON2ID_PREFIX = '$argon2id$';

export function argon2Hasher(params: Argon2Params = ARGON2_PARAMS): PasswordHasher {
  const options = { memoryCost: params.memoryCost, timeCost: params.timeCost, parallelism: params.parallelism, type: argon2.argon2id };
  return {
    hash: (password) => argon2.hash(password, options),
    verify: async (hash, password) => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
    needsRehash: (hash) => {
      // argon2.needsRehash ignores the variant (an argon2i hash with the same costs passes) and
      // throws on a foreign format; both mean "hash it again with the current settings".
      if (!hash.startsWith(ARGON2ID_PREFIX)) return true;
      try {
        return argon2.needsRehash(hash, options);
      } catch {
        return true;
      }
    },
  };
}

/**
 * A fast, NOT secure hasher for tests only: salted sha256 with a version tag, so rehash-on-login
 * can be exercised by changing `version`.
 */
export function fastTestHasher(version = 1): PasswordHasher {
  const digest = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');
  return {
    hash: async (password) => {
      const salt = randomBytes(6).toString('hex');
      return `$test$v=${version}$${salt}$${digest(salt, password)}`;
    },
    verify: async (hash, password) => {
      const [, , , salt, expected] = hash.split('$');
      if (salt === undefined || expected === undefined) return false;
      return constantTimeEqual(digest(salt, password), expected);
    },
    needsRehash: (hash) => !hash.startsWith(`$test$v=${version}$`),
  };
}
