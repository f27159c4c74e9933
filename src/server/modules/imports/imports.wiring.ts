/**
 * The custom-fields and duplicates ports of imports, built from the modules beside it.
 * INTEGRATION POINT: `duplicates` is wired once modules/duplicates exists; until then imports use their own
 * set-based exact checks only (which they do anyway, for speed).
 */
import type { AppDeps } from '../../platform/deps.js';
import { customFieldsRepository, toDef } from '../custom-fields/custom-fields.repository.js';
import { typedRows } from '../custom-fields/custom-fields.service.js';
import type { ImportCustomFieldsPort, ImportDuplicatesPort } from './imports.ports.js';

export function importPorts(_deps: Pick<AppDeps, 'database' | 'clock'>): { customFields: ImportCustomFieldsPort; duplicates?: ImportDuplicatesPort } {
  return {
    customFields: {
      definitions: async (tx, orgId, objectType) => (await customFieldsRepository.listDefinitions(tx, orgId, objectType)).map(toDef),
      typedRows: (def, value, base) => typedRows(def, value, base),
    },
  };
}
