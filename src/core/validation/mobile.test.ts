import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizeMobile } from './mobile.js';

describe('normalizeMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
  ])('accepts %s', (input, expected) => expect(normalizeMobile(input)).toBe(expected));
  it.each(['12812345678', '1381234567', '138123456789', 'abc', ''])('rejects %s', (input) =>
    expect(normalizeMobile(input)).toBeNull(),
  );
});

describe('normalizeEmail', () => {
  it('lower-cases and trims', () => expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com'));
  it('rejects text without a domain', () => expect(normalizeEmail('alice@')).toBeNull());
});
