/**
 * The one validator of custom-field values, shared by the server (API, imports) and the web form:
 * `validateCustomFieldValue(def, raw, locale)` returns the normalised value (null = empty) or a localized
 * error. Required-ness is the caller's rule (a create needs the value; an edit may leave it untouched).
 */
import { normalizeEmail } from '../validation/mobile.js';
import { normalizePhone } from '../validation/phone.js';
import { parseDate } from './dates.js';
import { cfMessage, type CfMessageCode } from './messages.js';
import { parseMoney } from './money.js';
import { GROUPED_DECIMAL_RE, shiftToInteger, toHalfWidth } from './text.js';
import { DEFAULT_MAX_LENGTH, TEXT_LIKE_TYPES, type CfLocale, type CustomFieldDef, type CustomFieldValue, type SelectOption } from './types.js';

export type ValidationResult =
  | { ok: true; value: CustomFieldValue | null }
  | { ok: false; code: CfMessageCode; error: string };

export type ValidatableDef = Pick<CustomFieldDef, 'type' | 'options' | 'validation'>;

const URL_RE = /^(https?:\/\/)?[^\s/.:@]+(\.[^\s/.:@]+)+(:\d{1,5})?([/?#]\S*)?$/i;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** separators of several select values in one text cell (imports): , ， ; ； 、 | newline */
const MULTI_SEPARATOR_RE = /[,，;；、|\n]/;

const regexCache = new Map<string, RegExp | null>();
/** The compiled regex, or null when it does not compile. Cached: definitions are few. */
export function compileRegex(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = null;
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

export function isEmptyValue(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
}

/** Parses a plain number ("1,234.5", "-3", full width) to [intPart, fracPart, negative]. */
function parseDecimalText(raw: string): { int: string; frac: string; negative: boolean } | null {
  let s = toHalfWidth(raw).replace(/\s+/g, '');
  let negative = false;
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const m = GROUPED_DECIMAL_RE.exec(s);
  if (!m) return null;
  return { int: m[1]!.replace(/,/g, ''), frac: (m[2] ?? '').replace(/0+$/, ''), negative };
}

/** Scaled integer of a number field's value (value × 10^decimals), as stored in value_number for order and range. */
export function scaleNumber(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

function matchOption(options: readonly SelectOption[], raw: string): string | undefined {
  const exact = options.find((o) => o.value === raw);
  if (exact) return exact.value;
  const lower = raw.toLowerCase();
  return options.find((o) => o.value.toLowerCase() === lower || o.labelZh === raw || o.labelEn.toLowerCase() === lower)?.value;
}

export function validateCustomFieldValue(def: ValidatableDef, raw: unknown, locale: CfLocale): ValidationResult {
  const fail = (code: CfMessageCode, params: Record<string, string | number> = {}): ValidationResult => ({
    ok: false,
    code,
    error: cfMessage(code, locale, params),
  });
  if (isEmptyValue(raw)) return { ok: true, value: null };
  const v = def.validation ?? {};

  const asText = (): string | null => {
    if (typeof raw === 'string') return raw.trim();
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    return null;
  };

  if (TEXT_LIKE_TYPES.includes(def.type)) {
    const text = asText();
    if (text === null || CONTROL_RE.test(text)) return fail('text');
    const max = v.maxLength ?? DEFAULT_MAX_LENGTH;
    if (text.length > max) return fail('tooLong', { max });
    let value = text;
    switch (def.type) {
      case 'phone': {
        const phone = normalizePhone(text);
        if (!phone) return fail('phone');
        value = phone;
        break;
      }
      case 'email': {
        const email = normalizeEmail(text);
        if (!email) return fail('email');
        value = email;
        break;
      }
      case 'url':
        if (!URL_RE.test(text)) return fail('url');
        break;
      default:
        break;
    }
    if (v.regex) {
      const re = compileRegex(v.regex);
      if (re && !re.test(value)) return fail('pattern');
    }
    return { ok: true, value };
  }

  switch (def.type) {
    case 'number': {
      const decimals = def.options.decimals ?? 0;
      let parsed: { int: string; frac: string; negative: boolean } | null;
      if (typeof raw === 'number') {
        if (!Number.isFinite(raw)) return fail('number');
        const text = String(raw); // the shortest form that round-trips
        if (/e/i.test(text)) return Math.abs(raw) >= 1 ? fail('numberRange') : fail('decimals', { decimals });
        parsed = parseDecimalText(text);
        if (!parsed) return fail('number');
      } else if (typeof raw === 'string') {
        parsed = parseDecimalText(raw);
        if (!parsed) return fail('number');
      } else return fail('number');
      if (parsed.frac.length > decimals) return fail('decimals', { decimals });
      const scaled = shiftToInteger(parsed.int, parsed.frac, decimals);
      if (scaled === null) return fail('numberRange');
      const value = (parsed.negative && scaled !== 0 ? -scaled : scaled) / 10 ** decimals;
      if (v.min !== undefined && value < v.min) return fail('min', { min: v.min });
      if (v.max !== undefined && value > v.max) return fail('max', { max: v.max });
      return { ok: true, value };
    }
    case 'money': {
      let minor: number;
      if (typeof raw === 'number') {
        // a JSON number is the stored form (minor units), so responses round-trip
        if (!Number.isSafeInteger(raw)) return fail('moneyMinor');
        minor = raw;
      } else if (typeof raw === 'string') {
        const parsed = parseMoney(raw);
        if (!parsed.ok) return fail(parsed.reason === 'precision' ? 'moneyPrecision' : parsed.reason === 'range' ? 'moneyRange' : 'money');
        minor = parsed.minor;
      } else return fail('money');
      if (v.min !== undefined && minor < Math.round(v.min * 100)) return fail('min', { min: v.min });
      if (v.max !== undefined && minor > Math.round(v.max * 100)) return fail('max', { max: v.max });
      return { ok: true, value: minor };
    }
    case 'date': {
      if (typeof raw !== 'string' && !(raw instanceof Date)) return fail('date');
      const parsed = parseDate(raw);
      if (!parsed.ok) return fail(parsed.reason === 'ambiguous' ? 'dateAmbiguous' : parsed.reason === 'invalid' ? 'dateInvalid' : 'date');
      return { ok: true, value: parsed.date };
    }
    case 'single_select': {
      const text = asText();
      if (text === null) return fail('option', { value: String(raw) });
      const value = matchOption(def.options.options ?? [], text);
      return value === undefined ? fail('option', { value: text }) : { ok: true, value };
    }
    case 'multi_select': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(MULTI_SEPARATOR_RE) : null;
      if (!items) return fail('option', { value: String(raw) });
      const values: string[] = [];
      for (const item of items) {
        if (typeof item !== 'string' && typeof item !== 'number') return fail('option', { value: String(item) });
        const text = String(item).trim();
        if (!text) continue;
        const value = matchOption(def.options.options ?? [], text);
        if (value === undefined) return fail('option', { value: text });
        if (!values.includes(value)) values.push(value);
      }
      return { ok: true, value: values.length ? values : null };
    }
    case 'user':
    case 'department': {
      if (typeof raw !== 'string' || !UUID_RE.test(raw.trim())) return fail('reference');
      return { ok: true, value: raw.trim().toLowerCase() };
    }
    default:
      return fail('text');
  }
}
