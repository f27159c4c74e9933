import { describe, expect, it } from 'vitest';
import { defaultChoices, differingFields, mergeFieldValue, toFieldChoices } from './mergeFields';

const a = { id: 'a', name: '甲公司', phone: '010-1', email: null, industry: '制造', customFields: { sector: 'x', size: null } };
const b = { id: 'b', name: '甲公司', phone: '010-2', email: 'b@x.cn', industry: '', customFields: { sector: 'x', size: 10 } };
const c = { id: 'c', name: '甲公司有限', phone: null, email: 'c@x.cn', industry: null, customFields: {} };

describe('merge fields', () => {
  it('reads columns and custom fields', () => {
    expect(mergeFieldValue(a, 'phone')).toBe('010-1');
    expect(mergeFieldValue(b, 'cf.size')).toBe(10);
    expect(mergeFieldValue(c, 'cf.size')).toBeNull();
    expect(mergeFieldValue(c, 'tier')).toBeNull();
  });

  it('lists only the fields that differ (empty values are one value)', () => {
    const fields = ['name', 'phone', 'email', 'industry', 'cf.sector', 'cf.size', 'tier'];
    expect(differingFields([a, b], fields)).toEqual(['phone', 'email', 'industry', 'cf.size']);
    expect(differingFields([a, b, c], fields)).toEqual(['name', 'phone', 'email', 'industry', 'cf.sector', 'cf.size']);
    expect(differingFields([{ id: 'x', industry: '' }, { id: 'y', industry: null }], ['industry'])).toEqual([]);
  });

  it('keeps the kept account value by default, else the first non-empty one', () => {
    expect(defaultChoices([a, b, c], 'a', ['phone', 'email', 'cf.size'])).toEqual({ phone: 'a', email: 'b', 'cf.size': 'b' });
    expect(defaultChoices([a, b, c], 'c', ['phone', 'email'])).toEqual({ phone: 'a', email: 'c' });
  });

  it('sends only the choices that take a merged account value', () => {
    expect(toFieldChoices('a', ['b', 'c'], { phone: 'a', email: 'b', name: 'c', notes: 'zzz' })).toEqual({ email: 'b', name: 'c' });
  });
});
