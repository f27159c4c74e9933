/**
 * The duplicates service the contacts and leads modules use, built once per app.
 * INTEGRATION POINT: returns the real service when modules/duplicates exists.
 */
import type { AppDeps } from '../../platform/deps.js';
import type { DuplicatesPort } from './contacts.ports.js';

export function customerDataPorts(_deps: AppDeps): { duplicates?: DuplicatesPort } {
  return {};
}
