/**
 * CSV output (exports, rejected-row downloads): RFC 4180 quoting, CRLF, and spreadsheet formula injection
 * defused (a text cell starting with = + - @ tab or CR gets a leading apostrophe, unless it is a plain number
 * such as "-12.5" or "+86 138 0013 8000").
 */
export const UTF8_BOM = '\ufeff';

const PLAIN_NUMBER_RE = /^[+-]?[\d\s().-]+$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER_RE.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
