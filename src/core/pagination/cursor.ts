/**
 * Opaque keyset-pagination cursors: base64url of JSON `[sort, order, key, id]`, where `key` is the sort
 * column's value of the last row (text; timestamps at microsecond precision) and `id` breaks ties.
 * A cursor is only valid for the sort and order it was made for.
 */
export type SortOrder = 'asc' | 'desc';

export interface KeysetCursor {
  sort: string;
  order: SortOrder;
  key: string;
  id: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the timestamp text format cursors carry: UTC with microseconds, e.g. 2026-01-02T03:04:05.123456Z */
export const CURSOR_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.key, c.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor for the same sort and order; null when it is malformed, was made
 * for another sort, or its key does not satisfy `validKey` (e.g. a timestamp format).
 */
export function decodeCursor(
  raw: string,
  expected: { sort: string; order: SortOrder; validKey?: (key: string) => boolean },
): KeysetCursor | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [sort, order, key, id] = parsed as unknown[];
  if (sort !== expected.sort || order !== expected.order) return null;
  if (typeof key !== 'string' || typeof id !== 'string' || !UUID_RE.test(id)) return null;
  if (expected.validKey && !expected.validKey(key)) return null;
  return { sort: expected.sort, order: expected.order, key, id: id.toLowerCase() };
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
