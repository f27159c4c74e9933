/**
 * First-run setup: while no organization exists, anyone reaching the server may create the first one
 * (or load the demo data) and is signed in as its administrator. Afterwards it answers ALREADY_SET_UP.
 */
import type { Database } from '../../platform/db/database.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { seedDemo } from '../../seed/demo.js';
import { createSession, type AuthDeps, type SessionMeta, type SignedIn } from '../auth/auth.service.js';
import { createOrganization, isSetUp } from '../organizations/organizations.service.js';
import { setupErrors } from './setup.errors.js';
import type { SetupInput } from './setup.schemas.js';

export interface SetupImpl {
  isSetUp: typeof isSetUp;
  createOrganization: typeof createOrganization;
  seedDemo: (database: Database, opts: { size: 'small' }) => Promise<{
    orgId: string;
    adminUserId: string;
    credentials: { identifier: string; password: string };
  }>;
  createSession: typeof createSession;
}

const defaultImpl: SetupImpl = { isSetUp, createOrganization, seedDemo, createSession };

export interface SetupResult extends SignedIn {
  demoCredentials?: { identifier: string; password: string };
}

export async function needsSetup(database: Database, impl: Pick<SetupImpl, 'isSetUp'> = defaultImpl): Promise<boolean> {
  return !(await impl.isSetUp(database));
}

// Two setup requests at once in this process must not create two organizations: they run one at a time.
// (Several app instances racing through first-run setup within milliseconds is not a supported scenario.)
const running = new WeakMap<Database, Promise<unknown>>();

export async function runSetup(
  deps: AuthDeps,
  input: SetupInput,
  meta: SessionMeta & { locale: Locale },
  impl: SetupImpl = defaultImpl,
): Promise<SetupResult> {
  const previous = running.get(deps.database) ?? Promise.resolve();
  const current = previous.catch(() => {}).then(() => setupOnce(deps, input, meta, impl));
  running.set(deps.database, current);
  return current;
}

async function setupOnce(
  deps: AuthDeps,
  input: SetupInput,
  meta: SessionMeta & { locale: Locale },
  impl: SetupImpl,
): Promise<SetupResult> {
  if (await impl.isSetUp(deps.database)) throw setupErrors.ALREADY_SET_UP();
  if (input.mode === 'demo') {
    const demo = await impl.seedDemo(deps.database, { size: 'small' });
    const signedIn = await impl.createSession(deps, demo.orgId, demo.adminUserId, meta);
    return { ...signedIn, demoCredentials: demo.credentials };
  }
  const created = await impl.createOrganization(deps.database, {
    name: input.organizationName,
    admin: { displayName: input.adminName, email: input.email, mobile: input.mobile || null, password: input.password },
    locale: meta.locale,
  });
  return impl.createSession(deps, created.orgId, created.adminUserId, meta);
}
