/**
 * A source row (cells by column) → the values of a record, by the mapping `{ header: fieldKey }`.
 * Pure: the server adds format checks that need its validators (phone, email, credit code, custom fields).
 */
import { parseDate, type DateOrder } from './dates.js';
import { numberToPlainString, parseMoney, parseNumberText } from './numbers.js';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface Localized {
  'zh-CN': string;
  en: string;
}

export interface RowProblem {
  /** the field key (or the header when no field applies) */
  field: string;
  code: string;
  message: Localized;
}

export type FieldKind = 'text' | 'date' | 'money' | 'number';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required?: boolean;
  maxLength?: number;
  label: Localized;
}

export type MappedValue = string | number | null;

/** The text of a cell as the user sees it: numbers without exponent, dates as YYYY-MM-DD. */
export function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberToPlainString(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return parseDate(cell) ?? '';
}

const msg = {
  required: (l: Localized): Localized => ({ 'zh-CN': `${l['zh-CN']}：必填`, en: `${l.en}: is required` }),
  tooLong: (l: Localized, n: number): Localized => ({ 'zh-CN': `${l['zh-CN']}：不能超过 ${n} 个字符`, en: `${l.en}: must be at most ${n} characters` }),
  date: (l: Localized, v: string): Localized => ({
    'zh-CN': `${l['zh-CN']}：无法识别的日期「${v}」（示例：2026-01-05、2026/1/5、2026年1月5日）`,
    en: `${l.en}: "${v}" is not a recognised date (e.g. 2026-01-05, 2026/1/5, 1/5/2026)`,
  }),
  money: (l: Localized, v: string): Localized => ({
    'zh-CN': `${l['zh-CN']}：无法识别的金额「${v}」（示例：1,234.50、¥1.2万、$1,932.00）`,
    en: `${l.en}: "${v}" is not a recognised amount (e.g. 1,234.50, ¥1.2万, $1,932.00)`,
  }),
  number: (l: Localized, v: string): Localized => ({
    'zh-CN': `${l['zh-CN']}：「${v}」不是数字`,
    en: `${l.en}: "${v}" is not a number`,
  }),
};

export interface MapRowOptions {
  dateOrder?: DateOrder;
  /** minor-unit digits of money fields (default 2) */
  moneyScale?: number;
}

/**
 * Maps one row. `columns[i]` is the field key of column i (or undefined when the column is not imported).
 * Values: text fields → trimmed text (null when empty); date → "YYYY-MM-DD"; money → integer minor units;
 * number → canonical decimal text. Fields not in `specs` (custom fields) are passed through as raw cells.
 */
export function mapRow(
  cells: readonly CellValue[],
  columns: readonly (string | undefined)[],
  specs: ReadonlyMap<string, FieldSpec>,
  opts: MapRowOptions = {},
): { values: Record<string, MappedValue>; raw: Record<string, CellValue>; problems: RowProblem[] } {
  const values: Record<string, MappedValue> = {};
  const raw: Record<string, CellValue> = {};
  const problems: RowProblem[] = [];
  for (let i = 0; i < columns.length; i++) {
    const key = columns[i];
    if (!key) continue;
    const cell = cells[i];
    const spec = specs.get(key);
    if (!spec) {
      raw[key] = cell;
      continue;
    }
    const text = cellText(cell);
    if (text === '') {
      if (!(key in values)) values[key] = null;
      continue;
    }
    switch (spec.kind) {
      case 'text':
        if (spec.maxLength !== undefined && text.length > spec.maxLength) {
          problems.push({ field: key, code: 'too_long', message: msg.tooLong(spec.label, spec.maxLength) });
        } else values[key] = text;
        break;
      case 'date': {
        const d = cell instanceof Date || typeof cell === 'number' ? parseDate(cell, opts.dateOrder) : parseDate(text, opts.dateOrder);
        if (d) values[key] = d;
        else problems.push({ field: key, code: 'invalid_date', message: msg.date(spec.label, text) });
        break;
      }
      case 'money': {
        const r = parseMoney(typeof cell === 'number' ? cell : text, opts.moneyScale ?? 2);
        if (r.ok) values[key] = r.value;
        else problems.push({ field: key, code: 'invalid_money', message: msg.money(spec.label, text) });
        break;
      }
      case 'number': {
        const r = parseNumberText(typeof cell === 'number' ? cell : text);
        if (r.ok) values[key] = r.value;
        else problems.push({ field: key, code: 'invalid_number', message: msg.number(spec.label, text) });
        break;
      }
    }
  }
  for (const spec of specs.values()) {
    if (spec.required && (values[spec.key] === null || values[spec.key] === undefined) && !problems.some((p) => p.field === spec.key)) {
      problems.push({ field: spec.key, code: 'required', message: msg.required(spec.label) });
    }
  }
  return { values, raw, problems };
}

/** Mapping `{ header: fieldKey }` → the field of each column (first header wins for duplicate headers). */
export function columnsOf(headers: readonly string[], mapping: Readonly<Record<string, string>>): (string | undefined)[] {
  const seen = new Set<string>();
  return headers.map((h) => {
    const key = mapping[h];
    if (!key || seen.has(h)) return undefined;
    seen.add(h);
    return key;
  });
}
