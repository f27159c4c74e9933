/**
 * What the contacts and leads modules need from the duplicates module (built beside them).
 * The services take these as narrow dependencies so they can be wired to the real services in the routes
 * and faked in unit tests.
 */
import type { Actor } from '../../platform/auth/actor.js';
import type { DbExecutor } from '../../platform/db/database.js';

export type DuplicateObjectType = 'accounts' | 'contacts' | 'leads';

export interface DuplicateProbe {
  objectType: DuplicateObjectType;
  excludeId?: string;
  companyName?: string | null;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  creditCode?: string | null;
  /** contacts: their own account (sharing its phone or email is not a duplicate) */
  accountId?: string | null;
}

/** modules/duplicates: throws 409 DUPLICATE_BLOCKED / DUPLICATE_WARNING (unless acknowledged). */
export interface DuplicatesPort {
  assertAllowed(tx: DbExecutor, actor: Actor, probe: DuplicateProbe, acknowledged: boolean): Promise<unknown>;
}
