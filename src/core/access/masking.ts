import type { MaskKind, MaskMode } from './catalog.js';

/** 13812345678 → 138****5678; other lengths keep the first 3 and last 4 when long enough. */
export function maskPhone(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** alice@example.com → a***@example.com */
export function maskEmail(value: string): string {
  const at = value.indexOf('@');
  if (at <= 0) return '***';
  return `${value[0]}***${value.slice(at)}`;
}

export function maskValue(kind: MaskKind, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return value;
  switch (kind) {
    case 'phone':
      return maskPhone(String(value));
    case 'email':
      return maskEmail(String(value));
    case 'amount':
    case 'text':
      return '***';
  }
}

export type View = 'list' | 'detail';

export function shouldMask(mode: MaskMode, view: View): boolean {
  return mode === 'all' || (mode === 'list' && view === 'list');
}
