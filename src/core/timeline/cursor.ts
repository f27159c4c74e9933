/**
 * The timeline of a record (PRODUCT.md 4.4: follow-ups, stage moves, field changes, comments, tasks) is one feed,
 * newest first, ordered by (at desc, kind desc, id desc). Its opaque cursor carries the position of the last
 * item shown: base64url of JSON `['tl', at, kind, id]`, `at` as UTC text with microseconds (the database's
 * precision, which a JS Date would lose).
 */
import { CURSOR_TIMESTAMP_RE } from '../pagination/cursor.js';

export const TIMELINE_KINDS = ['activity', 'stage_move', 'field_change', 'comment', 'task'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelinePosition {
  /** e.g. 2026-01-02T03:04:05.123456Z */
  at: string;
  kind: TimelineKind;
  /** the item's id within its kind (uuid, audit event number, or `<task uuid>:created|done`) */
  id: string;
}

const ITEM_ID_RE = /^(?:\d{1,19}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::(?:created|done))?)$/;

export function encodeTimelineCursor(p: TimelinePosition): string {
  return Buffer.from(JSON.stringify(['tl', p.at, p.kind, p.id]), 'utf8').toString('base64url');
}

/** The position in a cursor made by encodeTimelineCursor; null when it is malformed. */
export function decodeTimelineCursor(raw: string): TimelinePosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== 'tl') return null;
  const [, at, kind, id] = parsed as unknown[];
  if (typeof at !== 'string' || !CURSOR_TIMESTAMP_RE.test(at)) return null;
  if (typeof kind !== 'string' || !(TIMELINE_KINDS as readonly string[]).includes(kind)) return null;
  if (typeof id !== 'string' || !ITEM_ID_RE.test(id)) return null;
  return { at, kind: kind as TimelineKind, id };
}

/** Strict feed order (newest first): negative when a comes before b. */
export function compareTimeline(a: TimelinePosition, b: TimelinePosition): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return a.kind < b.kind ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Mention tokens in a comment body: `@[Name](userId)`; returns the user ids in order of first appearance. */
export function mentionedUserIds(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/@\[[^\]\n]{1,100}\]\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)/g)) {
    const id = m[1]!.toLowerCase();
    if (!out.includes(id)) out.push(id);
  }
  return out;
}
