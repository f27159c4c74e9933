import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'luodi_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Credentials carry their organization id, so they are looked up inside that organization's
 * row-level-security scope and no global token index is needed.
 *   session cookie: <orgId>.<secret>      API token: ld_<orgId hex>_<secret>
 */
export function formatSessionCookie(orgId: string, secret: string): string {
  return `${orgId}.${secret}`;
}

export function parseSessionCookie(value: string): { orgId: string; secret: string } | null {
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const orgId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  return UUID_RE.test(orgId) && secret.length >= 20 ? { orgId, secret } : null;
}

export function formatApiToken(orgId: string, secret: string): string {
  return `ld_${orgId.replace(/-/g, '')}_${secret}`;
}

export function parseApiToken(value: string): { orgId: string; secret: string } | null {
  const m = /^ld_([0-9a-f]{32})_([A-Za-z0-9_-]{20,})$/.exec(value);
  if (!m) return null;
  const h = m[1]!;
  const orgId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return { orgId, secret: m[2]! };
}
