/**
 * Field masking (脱敏) applied to whole records, audit changes and incoming edits, driven by the role's
 * `fieldMasks` ("object.field" → none | list | all) and the mask kind of each field in OBJECT_CATALOG.
 */
import { OBJECT_CATALOG, maskModeFor, type MaskKind, type MaskMode } from './catalog.js';
import { maskValue, shouldMask, type View } from './masking.js';

export type FieldMasks = Readonly<Record<string, MaskMode>>;

function catalogFields(objectType: string): readonly { key: string; maskKind: MaskKind }[] {
  return OBJECT_CATALOG.find((o) => o.key === objectType)?.fields ?? [];
}

/** The fields of objectType that this role sees masked in the given view. */
export function maskedFields(
  objectType: string,
  fieldMasks: FieldMasks,
  view: View,
): { key: string; maskKind: MaskKind }[] {
  return catalogFields(objectType).filter((f) => shouldMask(maskModeFor(fieldMasks, objectType, f.key), view));
}

/** A copy of the record with every field masked that the role may not see in this view. */
export function maskRecord<T extends Record<string, unknown>>(
  objectType: string,
  record: T,
  fieldMasks: FieldMasks,
  view: View,
): T {
  const fields = maskedFields(objectType, fieldMasks, view);
  if (fields.length === 0) return record;
  const out: Record<string, unknown> = { ...record };
  for (const f of fields) if (f.key in out) out[f.key] = maskValue(f.maskKind, out[f.key]);
  return out as T;
}

/** Audit changes with the old and new values of masked fields masked. */
export function maskChanges<C extends { field: string; old: unknown; new: unknown }>(
  objectType: string,
  changes: readonly C[],
  fieldMasks: FieldMasks,
  view: View,
): C[] {
  const fields = new Map(maskedFields(objectType, fieldMasks, view).map((f) => [f.key, f.maskKind]));
  if (fields.size === 0) return [...changes];
  return changes.map((c) => {
    const kind = fields.get(c.field);
    return kind ? { ...c, old: maskValue(kind, c.old), new: maskValue(kind, c.new) } : c;
  });
}

/**
 * Edits that merely send back what the user was shown must not overwrite the real value with its masked
 * form: a field the role sees masked (in any view) whose submitted value equals the masked form of the
 * current value is dropped from the input (treated as unchanged). Any other value is a real edit.
 */
export function dropMaskedEchoes<T extends Record<string, unknown>>(
  objectType: string,
  input: T,
  current: Readonly<Record<string, unknown>>,
  fieldMasks: FieldMasks,
): { input: Partial<T>; ignored: string[] } {
  const out: Record<string, unknown> = { ...input };
  const ignored: string[] = [];
  for (const f of catalogFields(objectType)) {
    if (maskModeFor(fieldMasks, objectType, f.key) === 'none') continue;
    if (!(f.key in out)) continue;
    const submitted = out[f.key];
    const real = current[f.key];
    if (submitted === null || submitted === undefined || real === null || real === undefined) continue;
    if (submitted !== real && submitted === maskValue(f.maskKind, real)) {
      delete out[f.key];
      ignored.push(f.key);
    }
  }
  return { input: out as Partial<T>, ignored };
}
