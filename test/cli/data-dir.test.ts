import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src/cli/context.ts';
import { UsageError } from '../../src/cli/usage-error.ts';

describe('choosing the data directory', () => {
  it('prefers --data, then KBC_ACCOUNT_DATA, then ./data', () => {
    expect(resolveDataDir('/srv/a', { KBC_ACCOUNT_DATA: '/srv/b' })).toBe('/srv/a');
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '/srv/b' })).toBe('/srv/b');
    expect(resolveDataDir(undefined, {})).toBe(resolve('data'));
  });

  it('treats a blank KBC_ACCOUNT_DATA as unset instead of the current directory', () => {
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '' })).toBe(resolve('data'));
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '   ' })).toBe(resolve('data'));
  });

  it('refuses a blank --data as a usage error', () => {
    expect(() => resolveDataDir('', {})).toThrow(UsageError);
    expect(() => resolveDataDir(' ', {})).toThrow('--data needs a directory');
  });
});
