/**
 * What imports need from modules built beside them, as narrow ports (wired in imports.wiring.ts, faked in
 * tests). Each is optional: without it the import does the documented fallback.
 */
import type { CustomFieldDef, CustomFieldValue } from '../../../core/custom-fields/types.js';
import type { DbExecutor } from '../../platform/db/database.js';

export interface ImportCustomFieldsPort {
  /** the object type's field definitions (active and inactive) */
  definitions(tx: DbExecutor, orgId: string, objectType: string): Promise<CustomFieldDef[]>;
  /**
   * The typed value rows (custom_field_values) of one value, as modules/custom-fields stores them; the
   * import writes them in bulk next to the record's custom_fields jsonb. Absent: only the jsonb is written.
   */
  typedRows?(def: CustomFieldDef, value: CustomFieldValue, base: { orgId: string; objectType: string; recordId: string }): CustomFieldValueRow[];
}

export interface CustomFieldValueRow {
  orgId: string;
  objectType: string;
  recordId: string;
  fieldId: string;
  ordinal?: number;
  valueText?: string | null;
  valueNumber?: number | null;
  valueDecimal?: string | null;
  valueDate?: Date | null;
}

export interface ImportDuplicateProbe {
  objectType: 'accounts' | 'contacts' | 'leads';
  excludeId?: string;
  companyName?: string | null;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  creditCode?: string | null;
}

/**
 * modules/duplicates: consulted only for rows that the import's own set-based exact checks found to be
 * duplicates and that the policy `create` would still create — a configured `block` rule rejects them.
 */
export interface ImportDuplicatesPort {
  check(
    tx: DbExecutor,
    actor: { orgId: string; userId: string },
    probe: ImportDuplicateProbe,
  ): Promise<{ action: 'none' | 'warn' | 'block' }>;
}
