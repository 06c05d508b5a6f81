import { randomBytes, randomInt } from 'node:crypto';

/** Randomness the core uses for ids, tokens and codes; injectable so tests can be repeatable. */
export interface Random {
  bytes(length: number): Buffer;
  /** A uniform integer in [0, max). */
  int(max: number): number;
}

export const cryptoRandom: Random = {
  bytes: (length) => randomBytes(length),
  int: (max) => randomInt(max),
};

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A short unique id with a readable prefix, e.g. `prj_k3x9q2m8w1ab`. 60 bits of randomness. */
export function newId(random: Random, prefix: string): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += ID_ALPHABET[random.int(ID_ALPHABET.length)];
  return `${prefix}_${out}`;
}
