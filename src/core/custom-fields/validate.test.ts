import { describe, expect, it } from 'vitest';
import { definitionProblems } from './definitions.js';
import type { CustomFieldDef, CustomFieldType } from './types.js';
import { validateCustomFieldValue, type ValidatableDef } from './validate.js';
import { changedEdits, diffCustomFields, formatCustomFieldValue, mergeCustomFields } from './values.js';

const def = (type: CustomFieldType, extra: Partial<Pick<CustomFieldDef, 'options' | 'validation'>> = {}): ValidatableDef => ({
  type,
  options: extra.options ?? {},
  validation: extra.validation ?? {},
});
const options = [
  { value: 'it', labelZh: '信息技术', labelEn: 'IT' },
  { value: 'mfg', labelZh: '制造业', labelEn: 'Manufacturing' },
  { value: 'fin', labelZh: '金融', labelEn: 'Finance' },
];

function ok(d: ValidatableDef, raw: unknown) {
  const r = validateCustomFieldValue(d, raw, 'zh-CN');
  if (!r.ok) throw new Error(`${JSON.stringify(raw)}: ${r.error}`);
  return r.value;
}
function err(d: ValidatableDef, raw: unknown, locale: 'zh-CN' | 'en' = 'en') {
  const r = validateCustomFieldValue(d, raw, locale);
  if (r.ok) throw new Error(`${JSON.stringify(raw)} was accepted as ${JSON.stringify(r.value)}`);
  return r;
}

describe('validateCustomFieldValue', () => {
  it('treats undefined, null, blank text and [] as empty for every type', () => {
    for (const type of ['text', 'number', 'money', 'date', 'single_select', 'multi_select', 'user', 'department', 'phone', 'email', 'url', 'attachment'] as const) {
      for (const raw of [undefined, null, '', '   ', []]) expect(ok(def(type, { options: { options } }), raw)).toBeNull();
    }
  });

  it('text: trims, limits length (default 1000), checks the regex, rejects control characters and objects', () => {
    expect(ok(def('text'), '  hello ')).toBe('hello');
    expect(ok(def('text'), 42)).toBe('42');
    expect(err(def('text', { validation: { maxLength: 3 } }), 'abcd')).toMatchObject({ code: 'tooLong', error: 'must be at most 3 characters' });
    expect(err(def('text'), 'x'.repeat(1001)).code).toBe('tooLong');
    expect(ok(def('text'), 'x'.repeat(1000))).toHaveLength(1000);
    expect(ok(def('text', { validation: { regex: '^[A-Z]{2}\\d+$' } }), 'AB12')).toBe('AB12');
    expect(err(def('text', { validation: { regex: '^[A-Z]{2}\\d+$' } }), 'ab12').code).toBe('pattern');
    expect(err(def('text'), 'a\u0000b').code).toBe('text');
    expect(err(def('text'), { a: 1 }).code).toBe('text');
    expect(err(def('text'), true).code).toBe('text');
  });

  it('localizes errors in zh-CN and en', () => {
    expect(err(def('email'), 'nope', 'zh-CN').error).toBe('邮箱格式不正确');
    expect(err(def('email'), 'nope', 'en').error).toBe('must be a valid email address');
    expect(err(def('number', { validation: { min: 5 } }), 3, 'zh-CN').error).toBe('不能小于 5');
  });

  it('number: numbers and text, decimals per definition, range, grouping', () => {
    expect(ok(def('number'), 42)).toBe(42);
    expect(ok(def('number'), '1,234')).toBe(1234);
    expect(ok(def('number'), '-7')).toBe(-7);
    expect(ok(def('number'), '１２')).toBe(12);
    expect(ok(def('number'), '3.00')).toBe(3);
    expect(err(def('number'), 3.5)).toMatchObject({ code: 'decimals', error: 'allows at most 0 decimal places' });
    expect(ok(def('number', { options: { decimals: 2 } }), 3.25)).toBe(3.25);
    expect(ok(def('number', { options: { decimals: 2 } }), '0.1')).toBe(0.1);
    expect(err(def('number', { options: { decimals: 2 } }), '3.251').code).toBe('decimals');
    expect(err(def('number', { options: { decimals: 2 } }), 1e-7).code).toBe('decimals');
    expect(err(def('number'), 1e300).code).toBe('numberRange');
    expect(err(def('number'), '99999999999999999').code).toBe('numberRange');
    expect(err(def('number'), Number.NaN).code).toBe('number');
    expect(err(def('number'), 'twelve').code).toBe('number');
    expect(err(def('number'), '1,23').code).toBe('number');
    expect(err(def('number'), [1]).code).toBe('number');
    const ranged = def('number', { validation: { min: 1, max: 10 } });
    expect(ok(ranged, 1)).toBe(1);
    expect(ok(ranged, 10)).toBe(10);
    expect(err(ranged, 0).code).toBe('min');
    expect(err(ranged, 11).code).toBe('max');
  });

  it('money: text in major units to integer 分; a JSON number is already 分; range in major units', () => {
    expect(ok(def('money'), '1,932.00')).toBe(193200);
    expect(ok(def('money'), '¥1.2万')).toBe(1200000);
    expect(ok(def('money'), '$1,932')).toBe(193200);
    expect(ok(def('money'), 193200)).toBe(193200);
    expect(err(def('money'), 19.32).code).toBe('moneyMinor');
    expect(err(def('money'), '1.234').code).toBe('moneyPrecision');
    expect(err(def('money'), '99999999999999999').code).toBe('moneyRange');
    expect(err(def('money'), 'lots').code).toBe('money');
    expect(err(def('money'), true).code).toBe('money');
    const ranged = def('money', { validation: { min: 0, max: 10000 } });
    expect(ok(ranged, '10,000.00')).toBe(1000000);
    expect(err(ranged, '10,000.01').code).toBe('max');
    expect(err(ranged, '-0.01').code).toBe('min');
  });

  it('date: common formats to YYYY-MM-DD; ambiguous day/month rejected', () => {
    expect(ok(def('date'), '2026/1/5')).toBe('2026-01-05');
    expect(ok(def('date'), '2026年1月5日')).toBe('2026-01-05');
    expect(ok(def('date'), new Date(Date.UTC(2026, 0, 5)))).toBe('2026-01-05');
    expect(err(def('date'), '05/01/2026')).toMatchObject({ code: 'dateAmbiguous' });
    expect(err(def('date'), '2026-02-30').code).toBe('dateInvalid');
    expect(err(def('date'), 'soon').code).toBe('date');
    expect(err(def('date'), 45000).code).toBe('date');
  });

  it('single_select: an option value, or its label (imports), normalised to the value', () => {
    const d = def('single_select', { options: { options } });
    expect(ok(d, 'it')).toBe('it');
    expect(ok(d, 'IT')).toBe('it');
    expect(ok(d, '制造业')).toBe('mfg');
    expect(ok(d, 'manufacturing')).toBe('mfg');
    expect(err(d, 'retail')).toMatchObject({ code: 'option', error: 'is not one of the options: retail' });
    expect(err(d, ['it']).code).toBe('option');
  });

  it('multi_select: arrays or separated text; values deduplicated in input order', () => {
    const d = def('multi_select', { options: { options } });
    expect(ok(d, ['fin', 'it'])).toEqual(['fin', 'it']);
    expect(ok(d, '金融、IT，fin')).toEqual(['fin', 'it']);
    expect(ok(d, 'it;mfg|fin')).toEqual(['it', 'mfg', 'fin']);
    expect(ok(d, [' ', ''])).toBeNull();
    expect(err(d, ['it', 'retail']).code).toBe('option');
    expect(err(d, [{}]).code).toBe('option');
    expect(err(d, 5).code).toBe('option');
  });

  it('user and department: a uuid (existence is checked by the server)', () => {
    const id = '0F8FAD5B-D9CB-469F-A165-70867728950E';
    expect(ok(def('user'), id)).toBe(id.toLowerCase());
    expect(ok(def('department'), ` ${id} `)).toBe(id.toLowerCase());
    expect(err(def('user'), 'bob').code).toBe('reference');
    expect(err(def('department'), 42).code).toBe('reference');
  });

  it('phone: mainland mobile or landline, normalised (core/validation/phone)', () => {
    expect(ok(def('phone'), '+86 138-1234-5678')).toBe('13812345678');
    expect(ok(def('phone'), '(021) 12345678')).toBe('021-12345678');
    expect(ok(def('phone'), '400 123 4567')).toBe('400-123-4567');
    expect(err(def('phone'), '12345').code).toBe('phone');
  });

  it('email: lower-cased; url: web addresses only', () => {
    expect(ok(def('email'), ' Sales@Luodi.CN ')).toBe('sales@luodi.cn');
    expect(err(def('email'), 'a@b').code).toBe('email');
    expect(ok(def('url'), 'https://luodi.cn/a?b=1')).toBe('https://luodi.cn/a?b=1');
    expect(ok(def('url'), 'luodi.cn')).toBe('luodi.cn');
    expect(err(def('url'), 'javascript:alert(1)').code).toBe('url');
    expect(err(def('url'), 'not a url').code).toBe('url');
  });

  it('attachment: a file reference string (no upload yet), bounded', () => {
    expect(ok(def('attachment'), 'files/2026/contract.pdf')).toBe('files/2026/contract.pdf');
    expect(err(def('attachment', { validation: { maxLength: 5 } }), 'files/x').code).toBe('tooLong');
  });
});

describe('definitionProblems', () => {
  const base = { options: {}, unique: false, validation: {} };
  it('accepts well-formed definitions', () => {
    expect(definitionProblems({ ...base, key: 'sector_2', type: 'text', validation: { regex: '^a', maxLength: 10 } }, 'en')).toEqual([]);
    expect(definitionProblems({ ...base, type: 'single_select', options: { options } }, 'en')).toEqual([]);
    expect(definitionProblems({ ...base, type: 'money', options: { currency: 'USD' }, validation: { min: 0, max: 5 } }, 'en')).toEqual([]);
    expect(definitionProblems({ ...base, type: 'number', options: { decimals: 2 }, unique: true }, 'en')).toEqual([]);
  });
  it('reports every problem with its field', () => {
    const fields = (d: Parameters<typeof definitionProblems>[0]) => definitionProblems(d, 'en').map((p) => p.field);
    expect(fields({ ...base, key: 'Sector', type: 'text' })).toEqual(['key']);
    expect(fields({ ...base, key: '1abc', type: 'text' })).toEqual(['key']);
    expect(fields({ ...base, key: `a${'b'.repeat(40)}`, type: 'text' })).toEqual(['key']);
    expect(fields({ ...base, type: 'single_select' })).toEqual(['options.options']);
    expect(fields({ ...base, type: 'multi_select', options: { options: [options[0]!, options[0]!] } })).toEqual(['options.options']);
    expect(fields({ ...base, type: 'text', options: { options } })).toEqual(['options.options']);
    expect(fields({ ...base, type: 'text', options: { currency: 'CNY' } })).toEqual(['options.currency']);
    expect(fields({ ...base, type: 'money', options: { currency: 'yuan' } })).toEqual(['options.currency']);
    expect(fields({ ...base, type: 'number', options: { decimals: 7 } })).toEqual(['options.decimals']);
    expect(fields({ ...base, type: 'text', validation: { regex: '(' } })).toEqual(['validation.regex']);
    expect(fields({ ...base, type: 'number', validation: { regex: 'a' } })).toEqual(['validation.regex']);
    expect(fields({ ...base, type: 'date', validation: { min: 1 } })).toEqual(['validation.min']);
    expect(fields({ ...base, type: 'number', validation: { min: 5, max: 1 } })).toEqual(['validation.min']);
    expect(fields({ ...base, type: 'multi_select', options: { options }, unique: true })).toEqual(['unique']);
  });
});

describe('value helpers', () => {
  it('merges edits (null removes), keeps only real changes, and diffs per key for the audit log', () => {
    const before = { a: 'x', b: 1, c: ['it'] };
    const after = mergeCustomFields(before, { a: null, b: 2, d: '2026-01-05' });
    expect(after).toEqual({ b: 2, c: ['it'], d: '2026-01-05' });
    expect(changedEdits(before, { a: 'x', b: 3, c: ['it'] })).toEqual({ b: 3 });
    expect(diffCustomFields(before, after)).toEqual([
      { field: 'customFields.a', old: 'x', new: null },
      { field: 'customFields.b', old: 1, new: 2 },
      { field: 'customFields.d', old: null, new: '2026-01-05' },
    ]);
    expect(diffCustomFields(null, { a: 1 })).toEqual([{ field: 'customFields.a', old: null, new: 1 }]);
  });
  it('formats values for display', () => {
    expect(formatCustomFieldValue({ type: 'money', options: {} }, 193200, 'zh-CN')).toBe('¥1,932.00');
    expect(formatCustomFieldValue({ type: 'multi_select', options: { options } }, ['it', 'fin'], 'en')).toBe('IT, Finance');
    expect(formatCustomFieldValue({ type: 'single_select', options: { options } }, 'mfg', 'zh-CN')).toBe('制造业');
    expect(formatCustomFieldValue({ type: 'user', options: {} }, 'u1', 'zh-CN', { user: () => '张三' })).toBe('张三');
    expect(formatCustomFieldValue({ type: 'number', options: { decimals: 2 } }, 1234.5, 'en')).toBe('1,234.5');
    expect(formatCustomFieldValue({ type: 'text', options: {} }, null, 'en')).toBe('');
  });
});
