import argon2 from 'argon2';
import { createHash } from 'node:crypto';
import { constantTimeEqual } from './digest.ts';

/** Turns passwords into verifiers; pluggable so tests can use a fast one. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with other parameters than the current ones. */
  needsRehash(hash: string): boolean;
}

/** OWASP's first argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function argon2Hasher(params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS): PasswordHasher {
  const options = { ...params, type: argon2.argon2id };
  return {
    hash: (password) => argon2.hash(password, options),
    verify: async (hash, password) => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
    needsRehash: (hash) => argon2.needsRehash(hash, options),
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
      const salt = Math.random().toString(36).slice(2, 10);
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
