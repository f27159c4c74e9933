/**
 * Reference movers of an account merge: each moves what points at the merged (source) accounts to the kept
 * (target) account, set-based, inside the merge transaction, and returns how many rows it moved. A later
 * table that refers to accounts (deals, activities, …) adds one entry here.
 */
import type { FieldChange } from '../../../core/audit/diff.js';
import type { DbExecutor } from '../../platform/db/database.js';
import { mergeRepository } from './duplicates.merge.repository.js';

export interface MergeMoveContext {
  orgId: string;
  targetId: string;
  sourceIds: string[];
  actorId: string;
  now: Date;
  /** audit events of the records a mover changed (written in bulk by the merge) */
  audit: { objectType: string; recordId: string; changes: FieldChange[] }[];
}

export interface MergeReferenceMover {
  /** the key in the merge result's `moved` counts */
  name: string;
  move(tx: DbExecutor, ctx: MergeMoveContext): Promise<number>;
}

const meta = (ctx: MergeMoveContext) => ({ actorId: ctx.actorId, now: ctx.now });

export const mergeReferenceMovers: readonly MergeReferenceMover[] = [
  {
    name: 'contacts',
    async move(tx, ctx) {
      // the kept account's primary contact stays the only primary one
      const clearPrimary = await mergeRepository.targetHasPrimaryContact(tx, ctx.orgId, ctx.targetId);
      const moved = await mergeRepository.moveContacts(tx, ctx.orgId, ctx.targetId, ctx.sourceIds, clearPrimary, meta(ctx));
      for (const c of moved) ctx.audit.push({ objectType: 'contacts', recordId: c.id, changes: [{ field: 'accountId', old: c.accountId, new: ctx.targetId }] });
      return moved.length;
    },
  },
  {
    name: 'leads',
    async move(tx, ctx) {
      const moved = await mergeRepository.moveConvertedLeads(tx, ctx.orgId, ctx.targetId, ctx.sourceIds, meta(ctx));
      for (const l of moved) ctx.audit.push({ objectType: 'leads', recordId: l.id, changes: [{ field: 'convertedAccountId', old: l.accountId, new: ctx.targetId }] });
      return moved.length;
    },
  },
  { name: 'tags', move: (tx, ctx) => mergeRepository.moveRecordRows(tx, 'record_tags', ctx.orgId, ctx.targetId, ctx.sourceIds) },
  { name: 'shares', move: (tx, ctx) => mergeRepository.moveRecordRows(tx, 'record_shares', ctx.orgId, ctx.targetId, ctx.sourceIds) },
  { name: 'poolClaims', move: (tx, ctx) => mergeRepository.movePoolClaims(tx, ctx.orgId, ctx.targetId, ctx.sourceIds) },
  // custom_field_values: the values chosen from a source are written to the target by the merge (fieldChoices
  // `cf.<key>`); a source keeps its own rows, so restoring it from the recycle bin restores them too.
  // deals and follow-ups refer to the account by account_id
  ...(['deals', 'activities'] as const).map(
    (name): MergeReferenceMover => ({
      name,
      async move(tx, ctx) {
        const moved = await mergeRepository.moveAccountReferences(tx, name, ctx.orgId, ctx.targetId, ctx.sourceIds, meta(ctx));
        for (const r of moved) ctx.audit.push({ objectType: name, recordId: r.id, changes: [{ field: 'accountId', old: r.accountId, new: ctx.targetId }] });
        return moved.length;
      },
    }),
  ),
];
