import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['021-12345678', '021-12345678'],
    ['02112345678', '021-12345678'],
    ['(010) 12345678', '010-12345678'],
    ['0755-1234567', '0755-1234567'],
    ['021-12345678-801', '021-12345678-801'],
    ['+86 21 12345678', '021-12345678'],
    ['4008001234', '400-800-1234'],
    ['800-123-4567', '800-123-4567'],
  ])('accepts %s as %s', (input, expected) => expect(normalizePhone(input)).toBe(expected));

  it.each(['', 'abc', '12345', '1381234567', '21-12345678', '021-123', '138****5678'])('rejects %s', (input) =>
    expect(normalizePhone(input)).toBeNull(),
  );
});
