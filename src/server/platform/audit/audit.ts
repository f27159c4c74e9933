/**
 * Who did a change, for the audit log: derived from the request's actor. Services receive an AuditContext
 * and write the events in the same transaction as the change itself.
 */
import type { FastifyRequest } from 'fastify';
import type { FieldChange } from '../../../core/audit/diff.js';
import type { DbExecutor } from '../db/database.js';
import type { AuditRepository } from './audit.repository.js';
import type { Actor } from '../auth/actor.js';

export interface AuditContext {
  orgId: string;
  actorId: string | null;
  actorKind: 'user' | 'api_token' | 'system';
  requestId: string | null;
}

export function auditContextOf(actor: Actor, request?: FastifyRequest): AuditContext {
  return { orgId: actor.orgId, actorId: actor.userId, actorKind: actor.kind, requestId: request?.id ?? null };
}

export function systemAuditContext(orgId: string): AuditContext {
  return { orgId, actorId: null, actorKind: 'system', requestId: null };
}

/** Which fields of a record type hold ids of users or departments (shown by name in history). */
export type ReferenceFields = Record<string, 'user' | 'department'>;

export interface LabelledChange extends FieldChange {
  oldLabel?: string | null;
  newLabel?: string | null;
}

/**
 * Adds the display names of referenced users and departments to history changes, so a history reads
 * "负责人: 张三 → 李四" rather than two ids. One query per kind for a whole page of events.
 */
export async function labelReferences<E extends { changes: FieldChange[] }>(
  tx: DbExecutor,
  repo: Pick<AuditRepository, 'referenceNames'>,
  orgId: string,
  events: E[],
  refs: ReferenceFields,
): Promise<(Omit<E, 'changes'> & { changes: LabelledChange[] })[]> {
  const ids = { user: new Set<string>(), department: new Set<string>() };
  for (const e of events) {
    for (const c of e.changes) {
      const kind = refs[c.field];
      if (!kind) continue;
      for (const v of [c.old, c.new]) if (typeof v === 'string') ids[kind].add(v);
    }
  }
  if (ids.user.size === 0 && ids.department.size === 0) return events;
  const names = await repo.referenceNames(tx, orgId, { user: [...ids.user], department: [...ids.department] });
  const label = (kind: 'user' | 'department', v: unknown) => (typeof v === 'string' ? (names[kind].get(v) ?? null) : null);
  return events.map((e) => ({
    ...e,
    changes: e.changes.map((c) => {
      const kind = refs[c.field];
      return kind ? { ...c, oldLabel: label(kind, c.old), newLabel: label(kind, c.new) } : c;
    }),
  }));
}
