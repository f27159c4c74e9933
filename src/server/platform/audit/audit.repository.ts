import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbExecutor } from '../db/database.js';
import { auditEvents, departments, users } from '../db/schema.js';
import type { FieldChange } from '../../../core/audit/diff.js';

export interface AuditEventInput {
  orgId: string;
  actorId: string | null;
  actorKind: 'user' | 'api_token' | 'system';
  objectType: string;
  recordId: string;
  action: string;
  changes: FieldChange[];
  requestId?: string | null;
  occurredAt?: Date;
}

export const auditRepository = {
  async insert(tx: DbExecutor, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await tx.insert(auditEvents).values(
      events.map((e) => ({
        orgId: e.orgId,
        actorId: e.actorId,
        actorKind: e.actorKind,
        objectType: e.objectType,
        recordId: e.recordId,
        action: e.action,
        changes: e.changes,
        requestId: e.requestId ?? null,
        ...(e.occurredAt ? { occurredAt: e.occurredAt } : {}),
      })),
    );
  },

  /** A record's history, newest first, with the actor's name. `before` is an event id cursor. */
  async listForRecord(
    tx: DbExecutor,
    orgId: string,
    objectType: string,
    recordId: string,
    opts: { limit: number; before?: number },
  ) {
    return tx
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        actorId: auditEvents.actorId,
        actorKind: auditEvents.actorKind,
        actorName: users.displayName,
        action: auditEvents.action,
        changes: auditEvents.changes,
      })
      .from(auditEvents)
      .leftJoin(users, and(eq(users.orgId, auditEvents.orgId), eq(users.id, auditEvents.actorId)))
      .where(
        and(
          eq(auditEvents.orgId, orgId),
          eq(auditEvents.objectType, objectType),
          eq(auditEvents.recordId, recordId),
          opts.before !== undefined ? lt(auditEvents.id, opts.before) : undefined,
        ),
      )
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(opts.limit);
  },

  /** Display names of the users and departments that history entries refer to by id. */
  async referenceNames(tx: DbExecutor, orgId: string, refs: { user: string[]; department: string[] }) {
    const [userRows, departmentRows] = await Promise.all([
      refs.user.length
        ? tx.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, refs.user)))
        : [],
      refs.department.length
        ? tx
            .select({ id: departments.id, name: departments.name })
            .from(departments)
            .where(and(eq(departments.orgId, orgId), inArray(departments.id, refs.department)))
        : [],
    ]);
    return { user: new Map(userRows.map((r) => [r.id, r.name])), department: new Map(departmentRows.map((r) => [r.id, r.name])) };
  },

  async countForOrg(tx: DbExecutor, orgId: string): Promise<number> {
    const rows = await tx.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.orgId, orgId));
    return Number(rows[0]?.n ?? 0);
  },
};

export type AuditRepository = typeof auditRepository;
