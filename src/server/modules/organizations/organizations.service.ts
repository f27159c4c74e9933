/**
 * Creating an organization: the organization, its root department, the four seeded roles and its first
 * administrator, atomically. Used by first-run setup, sign-up, the CLI, the demo seed and test factories.
 */
import { randomUUID } from 'node:crypto';
import { SEEDED_ROLES, type SeededRoleKey } from '../../../core/access/defaultRoles.js';
import { normalizeEmail, normalizeMobile } from '../../../core/validation/mobile.js';
import type { Database } from '../../platform/db/database.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import { isUniqueViolation } from '../../platform/auth/directory.js';
import { identitiesRepository, identifiersOf } from '../../platform/auth/identities.repository.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { fieldError, organizationErrors } from './organizations.errors.js';
import { organizationsRepository } from './organizations.repository.js';

export interface NewOrganization {
  name: string;
  admin: { displayName: string; email?: string | null; mobile?: string | null; password: string };
  locale?: Locale;
  /** fixed ids for deterministic demo data */
  orgId?: string;
}

export interface CreatedOrganization {
  orgId: string;
  rootDepartmentId: string;
  adminUserId: string;
  roleIds: Record<SeededRoleKey, string>;
}

export async function createOrganization(database: Database, input: NewOrganization): Promise<CreatedOrganization> {
  const locale = input.locale ?? 'zh-CN';
  let email: string | null = null;
  if (input.admin.email?.trim()) {
    email = normalizeEmail(input.admin.email);
    if (!email) throw fieldError(organizationErrors.INVALID_EMAIL, 'email', locale);
  }
  let mobile: string | null = null;
  if (input.admin.mobile?.trim()) {
    mobile = normalizeMobile(input.admin.mobile);
    if (!mobile) throw fieldError(organizationErrors.INVALID_MOBILE, 'mobile', locale);
  }
  if (!email && !mobile) throw fieldError(organizationErrors.EMAIL_OR_MOBILE_REQUIRED, ['email', 'mobile'], locale);
  const passwordHash = await hashPassword(input.admin.password); // outside the transaction: it is slow
  const orgId = input.orgId ?? randomUUID();
  const rootDepartmentId = randomUUID();
  const adminUserId = randomUUID();
  const roleIds = Object.fromEntries(SEEDED_ROLES.map((r) => [r.key, randomUUID()])) as Record<SeededRoleKey, string>;

  const identifiers = identifiersOf({ email, mobile });
  const takenError = (identifier: string) =>
    fieldError(organizationErrors.IDENTIFIER_TAKEN, identifier === email ? 'email' : 'mobile', locale, { identifier });
  try {
    await database.withSystem(async (tx) => {
      const taken = await identitiesRepository.findTaken(tx, identifiers);
      if (taken[0]) throw takenError(taken[0].identifier);
      await organizationsRepository.insertOrganization(tx, { id: orgId, name: input.name });
      await organizationsRepository.insertDepartment(tx, { orgId, id: rootDepartmentId, name: input.name, parentId: null });
      await organizationsRepository.insertRoles(
        tx,
        SEEDED_ROLES.map((r) => ({
          orgId,
          id: roleIds[r.key],
          key: r.key,
          name: r.name[locale],
          dataScope: r.dataScope,
          permissions: Object.fromEntries(Object.entries(r.permissions).map(([k, v]) => [k, [...v]])),
          fieldMasks: r.fieldMasks,
          isSystem: 1,
        })),
      );
      await organizationsRepository.insertUser(tx, {
        orgId,
        id: adminUserId,
        displayName: input.admin.displayName,
        email,
        mobile,
        passwordHash,
        departmentId: rootDepartmentId,
        roleId: roleIds.admin,
      });
      await identitiesRepository.insert(
        tx,
        identifiers.map((identifier) => ({ identifier, orgId, userId: adminUserId })),
      );
      const system = { orgId, actorId: null, actorKind: 'system' as const, requestId: null };
      await auditRepository.insert(tx, [
        { ...system, objectType: 'organizations', recordId: orgId, action: 'create', changes: [{ field: 'name', old: null, new: input.name }] },
        {
          ...system,
          objectType: 'users',
          recordId: adminUserId,
          action: 'create',
          changes: [
            { field: 'displayName', old: null, new: input.admin.displayName },
            { field: 'email', old: null, new: email },
            { field: 'mobile', old: null, new: mobile },
          ].filter((c) => c.new !== null),
        },
      ]);
    });
  } catch (err) {
    // two sign-ups racing for the same email or mobile: the directory's primary key decides
    if (isUniqueViolation(err)) throw takenError(identifiers[0]!);
    throw err;
  }
  return { orgId, rootDepartmentId, adminUserId, roleIds };
}

export async function isSetUp(database: Database): Promise<boolean> {
  return database.withSystem(async (tx) => (await organizationsRepository.countAll(tx)) > 0);
}
