/**
 * The duplicates service the contacts and leads modules use, built once per app.
 */
import type { AppDeps } from '../../platform/deps.js';
import { createDuplicatesService } from '../duplicates/duplicates.service.js';
import type { DuplicatesPort } from './contacts.ports.js';

export function customerDataPorts(deps: AppDeps): { duplicates?: DuplicatesPort } {
  return { duplicates: createDuplicatesService({ clock: deps.clock, database: deps.database }) };
}
