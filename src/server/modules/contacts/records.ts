/** Small helpers shared by the contacts and leads services. */
import type { FieldError } from '../../platform/http/errors.js';
import { httpErrors } from '../../platform/http/errors.js';

export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' && (e.constraint === constraint || e.message?.includes(constraint))) return true;
  }
  return false;
}

export function validationFailed(errors: FieldError[]): never {
  throw httpErrors.VALIDATION_FAILED({}, errors);
}

/** Empty text → null; otherwise trimmed. Undefined stays undefined (field absent). */
export function cleanText(raw: string | null | undefined): string | null | undefined {
  if (raw === undefined) return undefined;
  const text = raw === null ? '' : raw.trim();
  return text === '' ? null : text;
}
