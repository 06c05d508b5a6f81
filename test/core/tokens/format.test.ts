import { describe, expect, it } from 'vitest';
import { base62, crc32Of, findTokensInText, generateTokenSecret, isWellFormedToken, tokenChecksum } from '../../../src/core/tokens/format.ts';
import { TOKEN_LENGTH, TOKEN_PREFIX } from '../../../src/core/index.ts';
import { cryptoRandom, type Random } from '../../../src/core/shared/random.ts';

/** A Random that always picks the same index, for a predictable token. */
const fixedRandom = (index: number): Random => ({ bytes: (n) => Buffer.alloc(n, index), int: () => index });

describe('token format', () => {
  it('computes the standard CRC32 (IEEE) check value', () => {
    expect(crc32Of('123456789')).toBe(0xcbf43926);
    expect(crc32Of('')).toBe(0);
  });

  it('writes base62 with 0-9, A-Z, a-z, zero-padded to the width', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 1)).toBe('z');
    expect(base62(62, 2)).toBe('10');
    expect(base62(0xffffffff, 6)).toBe('4gfFC3');
    expect(base62(0xcbf43926, 6)).toHaveLength(6);
  });

  it('is kbcm_ + 30 base62 characters + the 6-character base62 CRC32 of those 30', () => {
    const secret = generateTokenSecret(cryptoRandom);
    expect(secret).toMatch(/^kbcm_[0-9A-Za-z]{36}$/);
    expect(secret.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(secret).toHaveLength(TOKEN_LENGTH);
    expect(TOKEN_LENGTH).toBe(41);
    const randomPart = secret.slice(5, 35);
    expect(secret.slice(35)).toBe(base62(crc32Of(randomPart), 6));
    expect(isWellFormedToken(secret)).toBe(true);
  });

  it('draws each random character from the injected randomness', () => {
    const secret = generateTokenSecret(fixedRandom(10));
    expect(secret.slice(5, 35)).toBe('A'.repeat(30));
    expect(secret.slice(35)).toBe(tokenChecksum('A'.repeat(30)));
  });

  it('draws different tokens each time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateTokenSecret(cryptoRandom)));
    expect(secrets.size).toBe(50);
  });

  it('rejects every one-character change, a wrong prefix, a wrong length and a foreign alphabet', () => {
    const secret = generateTokenSecret(cryptoRandom);
    for (let i = TOKEN_PREFIX.length; i < secret.length; i++) {
      const replacement = secret[i] === 'x' ? 'y' : 'x';
      const typo = secret.slice(0, i) + replacement + secret.slice(i + 1);
      expect(isWellFormedToken(typo), `typo at ${i}`).toBe(false);
    }
    expect(isWellFormedToken(`ghp_${secret.slice(5)}`)).toBe(false);
    expect(isWellFormedToken(`KBCM_${secret.slice(5)}`)).toBe(false);
    expect(isWellFormedToken(secret.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`${secret}0`)).toBe(false);
    expect(isWellFormedToken(`kbcm_${'-'.repeat(30)}${tokenChecksum('-'.repeat(30))}`)).toBe(false);
    expect(isWellFormedToken('')).toBe(false);
  });
});

describe('findTokensInText', () => {
  it('finds well-formed tokens anywhere in text, once each, and ignores wrong checksums and longer runs', () => {
    const a = generateTokenSecret(cryptoRandom);
    const b = generateTokenSecret(cryptoRandom);
    const badChecksum = `${a.slice(0, -1)}${a.endsWith('0') ? '1' : '0'}`;
    const text = `deploy with \`${a}\`, or KBC_TOKEN=${b}; not ${badChecksum} nor x${a} nor ${a}x nor kbcm_${'x'.repeat(36)}. again: ${a}`;
    expect(findTokensInText(text)).toEqual([a, b]);
    expect(findTokensInText('nothing here')).toEqual([]);
  });
});

describe('the documented secret-scanning example (README, Secret scanning)', () => {
  it('is a well-formed token whose checksum is the base62 CRC32 of its random part', () => {
    const random = 'Ex4mpleOnlyN0tARealT0kenAbCdEf';
    expect(crc32Of(random)).toBe(695535976);
    expect(tokenChecksum(random)).toBe('0l4OgC');
    expect(isWellFormedToken('kbcm_Ex4mpleOnlyN0tARealT0kenAbCdEf0l4OgC')).toBe(true);
    expect(findTokensInText('KBC=kbcm_Ex4mpleOnlyN0tARealT0kenAbCdEf0l4OgC;')).toEqual(['kbcm_Ex4mpleOnlyN0tARealT0kenAbCdEf0l4OgC']);
  });
});
