export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function same(a: unknown, b: unknown): boolean {
  const na = normalize(a);
  const nb = normalize(b);
  if (na === nb) return true;
  if (typeof na === 'object' && typeof nb === 'object' && na !== null && nb !== null) {
    return JSON.stringify(na) === JSON.stringify(nb);
  }
  return false;
}

/**
 * The field-level changes between two versions of a record, for the audit log. Only `fields` are
 * compared (a record's bookkeeping columns such as version or updated_at are not changes a user made).
 */
export function diffFields<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const oldValue = before ? before[field] : null;
    const newValue = after ? after[field] : null;
    if (!same(oldValue, newValue)) changes.push({ field, old: normalize(oldValue), new: normalize(newValue) });
  }
  return changes;
}
