/**
 * The custom-fields and duplicates ports of imports, built from the modules beside it.
 * `duplicates` is the duplicates service's rule decision (`decide`): an import only needs the action of the
 * configured rules (is a `create` row blocked?), which does not depend on what the job's user may see, so no
 * actor with permissions is loaded for it.
 */
import type { AppDeps } from '../../platform/deps.js';
import { customFieldsRepository, toDef } from '../custom-fields/custom-fields.repository.js';
import { typedRows } from '../custom-fields/custom-fields.service.js';
import { createDuplicatesService } from '../duplicates/duplicates.service.js';
import type { ImportCustomFieldsPort, ImportDuplicatesPort } from './imports.ports.js';

export function importPorts(deps: Pick<AppDeps, 'database' | 'clock'>): { customFields: ImportCustomFieldsPort; duplicates?: ImportDuplicatesPort } {
  const duplicates = createDuplicatesService({ clock: deps.clock, database: deps.database });
  return {
    customFields: {
      definitions: async (tx, orgId, objectType) => (await customFieldsRepository.listDefinitions(tx, orgId, objectType)).map(toDef),
      typedRows: (def, value, base) => typedRows(def, value, base),
    },
    duplicates: {
      check: async (tx, actor, probe) => ({ action: (await duplicates.decide(tx, actor.orgId, probe)).action }),
    },
  };
}
