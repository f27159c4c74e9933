/**
 * Account merge (合并): keeps the target account, takes the chosen field values from sources, moves every
 * reference of the sources to the target (duplicates.movers.ts), soft-deletes the sources (recycle bin) and
 * audits a 'merge' on the target (field changes, merged ids, moved counts) and on every source (mergedInto) —
 * all in one transaction. Both the target and the sources must be visible to the actor (else 404).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { diffFields, type FieldChange } from '../../../core/audit/diff.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import { loadAccessScope, scopeFilter } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { accounts } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { accountErrors } from '../accounts/accounts.errors.js';
import { accountScopeColumns } from '../accounts/accounts.repository.js';
import { createCustomFieldsService, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { refreshReclaimDue } from '../pools/pools.reclaimDue.js';
import { duplicateErrors } from './duplicates.errors.js';
import { mergeRepository, type MergeAccountRow } from './duplicates.merge.repository.js';
import { mergeReferenceMovers, type MergeMoveContext, type MergeReferenceMover } from './duplicates.movers.js';
import type { MergeAccountsInput } from './duplicates.schemas.js';

/** Standard fields a merge may take from a source. */
export const MERGE_FIELDS = ['name', 'creditCode', 'phone', 'email', 'industry', 'address', 'website', 'notes', 'tier'] as const;
type MergeField = (typeof MERGE_FIELDS)[number];

export interface MergeDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  customFields?: CustomFieldsService;
  movers?: readonly MergeReferenceMover[];
}

export function createMergeService(deps: MergeDeps) {
  const customFields = deps.customFields ?? createCustomFieldsService({ database: deps.database, clock: deps.clock });
  const movers = deps.movers ?? mergeReferenceMovers;

  return {
    async mergeAccounts(ctx: { actor: Actor; audit: AuditContext; locale: Locale }, input: MergeAccountsInput) {
      const { actor } = ctx;
      const sourceIds = [...new Set(input.sourceIds)];
      if (sourceIds.includes(input.targetId)) throw duplicateErrors.MERGE_INVALID();
      const choices = input.fieldChoices ?? {};
      const fieldErrors = Object.entries(choices)
        .filter(([field, from]) => !(MERGE_FIELDS.includes(field as MergeField) || /^cf\.[a-z][a-z0-9_]{0,39}$/.test(field)) || !sourceIds.includes(from))
        .map(([field]) => ({ field: `fieldChoices.${field}`, message: ctx.locale === 'zh-CN' ? '字段或来源客户无效' : 'unknown field, or not one of the merged accounts' }));
      if (fieldErrors.length) throw httpErrors.VALIDATION_FAILED({}, fieldErrors);

      return deps.database.withTenant(actor.orgId, async (tx) => {
        const ids = [input.targetId, ...sourceIds];
        // visibility first (data scope and shares), then lock
        const scope = scopeFilter(accountScopeColumns, 'accounts', await loadAccessScope(tx, actor));
        const visible = await tx
          .select({ id: accounts.id })
          .from(accounts)
          .where(and(eq(accounts.orgId, actor.orgId), inArray(accounts.id, ids), scope));
        if (visible.length !== ids.length) throw accountErrors.ACCOUNT_NOT_FOUND();
        const locked = await mergeRepository.lockAccounts(tx, actor.orgId, ids);
        if (locked.length !== ids.length) throw accountErrors.ACCOUNT_NOT_FOUND(); // deleted (or merged) meanwhile
        const byId = new Map(locked.map((a) => [a.id, a]));
        const target = byId.get(input.targetId)!;
        const at = deps.clock.now();
        const meta = { actorId: actor.userId, now: at };

        // 1. the target's new values
        const after: MergeAccountRow = { ...target };
        const set: Record<string, unknown> = {};
        const cfEdits: Record<string, unknown> = {};
        for (const [field, from] of Object.entries(choices)) {
          const source = byId.get(from)!;
          if (field.startsWith('cf.')) {
            const key = field.slice(3);
            const value = source.customFields[key] ?? null;
            if (JSON.stringify(value) !== JSON.stringify(target.customFields[key] ?? null)) cfEdits[key] = value;
            continue;
          }
          const f = field as MergeField;
          if (source[f] === target[f]) continue;
          (after as unknown as Record<string, unknown>)[f] = source[f];
          set[f] = source[f];
          if (f === 'name') set.nameKey = normalizeCompanyName(source.name) || source.name.toLowerCase();
          if (f === 'tier') {
            after.tierSource = source.tierSource;
            set.tierSource = source.tierSource;
          }
        }
        const changes: FieldChange[] = diffFields<Record<string, unknown>>({ ...target }, { ...after }, [...MERGE_FIELDS, 'tierSource']);
        for (const [key, value] of Object.entries(cfEdits)) changes.push({ field: `customFields.${key}`, old: target.customFields[key] ?? null, new: value });

        // 2. sources out of the way first (unique keys such as external ids stay theirs), then the target
        await mergeRepository.softDelete(tx, actor.orgId, sourceIds, meta);
        await mergeRepository.updateTarget(tx, actor.orgId, target.id, set, meta);
        if (Object.keys(cfEdits).length) await customFields.writeValues(tx, actor.orgId, 'accounts', target.id, cfEdits as never);

        // 3. references
        const moveCtx: MergeMoveContext = { orgId: actor.orgId, targetId: target.id, sourceIds, actorId: actor.userId, now: at, audit: [] };
        const moved: Record<string, number> = {};
        for (const m of movers) moved[m.name] = await m.move(tx, moveCtx);
        await refreshReclaimDue(tx, actor.orgId, [target.id], { now: at });

        // 4. audit
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType: 'accounts',
            recordId: target.id,
            action: 'merge',
            changes: [...changes, { field: 'mergedFrom', old: null, new: sourceIds }, { field: 'movedReferences', old: null, new: moved }],
            occurredAt: at,
          },
          ...sourceIds.map((id) => ({
            ...ctx.audit,
            objectType: 'accounts',
            recordId: id,
            action: 'merge',
            changes: [
              { field: 'mergedInto', old: null, new: target.id },
              { field: 'deletedAt', old: null, new: at },
            ],
            occurredAt: at,
          })),
          ...moveCtx.audit.map((e) => ({ ...ctx.audit, ...e, action: 'update', occurredAt: at })),
        ]);
        return { targetId: target.id, mergedIds: sourceIds, moved };
      });
    },
  };
}
