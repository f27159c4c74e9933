import { getLanguage } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'datetime' | 'date'): Intl.DateTimeFormat {
  const lang = getLanguage();
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'datetime' ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatter('datetime').format(d);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatter('date').format(d);
}

/** Renders an empty value as an em dash. */
export function orDash(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}
