import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, maskValue, shouldMask } from './masking.js';

describe('masking', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });
  it('hides short numbers entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
  it('masks emails and amounts', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskValue('amount', 120000)).toBe('***');
    expect(maskValue('phone', null)).toBeNull();
  });
  it('masks in lists only for "list", everywhere for "all"', () => {
    expect(shouldMask('list', 'list')).toBe(true);
    expect(shouldMask('list', 'detail')).toBe(false);
    expect(shouldMask('all', 'detail')).toBe(true);
    expect(shouldMask('none', 'list')).toBe(false);
  });
});
