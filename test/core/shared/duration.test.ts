import { describe, expect, it } from 'vitest';
import { durationInWords } from '../../../src/core/shared/duration.ts';

describe('a lifetime in words', () => {
  it('names every unit exactly, largest first', () => {
    expect(durationInWords(1_209_600)).toBe('14 days');
    expect(durationInWords(86_400)).toBe('1 day');
    expect(durationInWords(3_600)).toBe('1 hour');
    expect(durationInWords(20)).toBe('20 seconds');
    expect(durationInWords(90_000)).toBe('1 day and 1 hour');
    expect(durationInWords(90_061)).toBe('1 day, 1 hour, 1 minute and 1 second');
    expect(durationInWords(365 * 86_400)).toBe('365 days');
    expect(durationInWords(0)).toBe('0 seconds');
  });
});
