import { describe, expect, it } from 'vitest';
import { normalizeAccountFields } from './accounts.service.js';

describe('normalizeAccountFields', () => {
  it('normalises formats, turns empty text into null and keeps absent fields absent', () => {
    const { values, errors } = normalizeAccountFields(
      { phone: '021 12345678', email: ' A@B.CN ', creditCode: '91310000ma1k4abc2x', notes: '  ', industry: null, website: 'www.luodi.cn/about' },
      'zh-CN',
    );
    expect(errors).toEqual([]);
    expect(values).toEqual({
      phone: '021-12345678',
      email: 'a@b.cn',
      creditCode: '91310000MA1K4ABC2X',
      notes: null,
      industry: null,
      website: 'www.luodi.cn/about',
    });
  });

  it('accepts a credit code with a wrong check character (warn, not reject) but not a wrong format', () => {
    expect(normalizeAccountFields({ creditCode: '91310000MA1K4ABC2Y' }, 'en').errors).toEqual([]);
    expect(normalizeAccountFields({ creditCode: '91310000MA1K4ABC2' }, 'en').errors.map((e) => e.field)).toEqual(['creditCode']);
    expect(normalizeAccountFields({ creditCode: '91310000MA1K4ABCIO' }, 'en').errors.map((e) => e.field)).toEqual(['creditCode']);
  });

  it('reports every invalid field in the caller’s language', () => {
    const { errors } = normalizeAccountFields({ phone: '138****5678', email: 'x@', website: 'no spaces allowed' }, 'en');
    expect(errors).toEqual([
      { field: 'phone', message: expect.stringContaining('mobile or landline') },
      { field: 'email', message: 'must be a valid email address' },
      { field: 'website', message: 'must be a web address' },
    ]);
    expect(normalizeAccountFields({ email: 'x@' }, 'zh-CN').errors[0]!.message).toBe('邮箱格式不正确');
  });
});
