/**
 * Handover (离职交接, PRODUCT.md 4.1): all or selected customers of one user — with their contacts, the user's
 * leads, and later deals, tasks and approvals (handover.movers.ts) — go to one or more receivers in ONE
 * transaction. Moves are set-based UPDATEs and the audit events one bulk insert per 1,000, so 1,000 customers
 * take one short transaction. Every moved record gets an audit 'transfer' (owner old → new) on its history;
 * accounts record their previous owner; each receiver gets one notification with the counts.
 *
 * Permission (documented in docs/ARCHITECTURE.md): users.edit (administrators), or accounts.transfer for a
 * user within the actor's data scope (a manager hands over a member of their team).
 */
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import { loadAccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { interpolate } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { notificationsService } from '../notifications/notifications.service.js';
import { handoverErrors, handoverMessages } from './handover.errors.js';
import { countHoldings, handoverMovers, type HandoverMover, type HandoverPlan } from './handover.movers.js';
import { handoverRepository, type HandoverRow } from './handover.repository.js';
import type { CreateHandoverInput, HandoverDto, HoldingsDto } from './handover.schemas.js';

export interface HandoverCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface HandoverServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  /** default: handoverMovers (tests inject a failing one) */
  movers?: readonly HandoverMover[];
}

const AUDIT_CHUNK = 5000;

type Summary = { counts: Record<string, number>; byReceiver: Record<string, Record<string, number>> };

function toDto(row: HandoverRow, names: Map<string, string>): HandoverDto {
  const summary = row.summary as Partial<Summary>;
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    fromUserName: row.fromUserName,
    reason: row.reason,
    counts: summary.counts ?? {},
    byReceiver: Object.entries(summary.byReceiver ?? {}).map(([userId, counts]) => ({ userId, userName: names.get(userId) ?? null, counts })),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    createdByName: row.createdByName,
  };
}

/** The HANDOVER_REQUIRED refusal when the user still owns records (users module: deactivation). */
export async function assertNothingHeld(tx: DbExecutor, orgId: string, userId: string): Promise<void> {
  const counts = await countHoldings(tx, orgId, userId);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > 0) throw handoverErrors.HANDOVER_REQUIRED({ accounts: counts.accounts ?? 0, contacts: counts.contacts ?? 0, leads: counts.leads ?? 0, deals: counts.deals ?? 0, total });
}

export function createHandoverService(deps: HandoverServiceDeps) {
  const movers = deps.movers ?? handoverMovers;

  /** users.edit, or accounts.transfer with the user in the actor's data scope. */
  async function checkScope(tx: DbExecutor, actor: Actor, user: { id: string; departmentId: string | null }) {
    if (hasPermission(actor.permissions, 'users', 'edit')) return;
    const scope = await loadAccessScope(tx, actor);
    if (scope.kind === 'all') return;
    if (scope.ownerIds.includes(user.id) || (user.departmentId !== null && scope.departmentIds.includes(user.departmentId))) return;
    throw handoverErrors.OUT_OF_SCOPE();
  }

  return {
    async holdings(actor: Actor, userId: string): Promise<HoldingsDto> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const [user] = isUuid(userId) ? await handoverRepository.findUsers(tx, actor.orgId, [userId]) : [];
        if (!user) throw handoverErrors.FROM_USER_NOT_FOUND();
        const counts = await countHoldings(tx, actor.orgId, userId, movers);
        return { userId, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
      });
    },

    async list(actor: Actor, query: { fromUserId?: string; limit: number }): Promise<HandoverDto[]> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const rows = await handoverRepository.listHandovers(tx, actor.orgId, query);
        const receiverIds = [...new Set(rows.flatMap((r) => Object.keys((r.summary as Partial<Summary>).byReceiver ?? {})))];
        const names = new Map((await handoverRepository.findUsers(tx, actor.orgId, receiverIds)).map((u) => [u.id, u.displayName]));
        return rows.map((r) => toDto(r, names));
      });
    },

    async create(cmd: HandoverCommandContext, input: CreateHandoverInput): Promise<HandoverDto> {
      const { actor } = cmd;
      const { orgId } = actor;
      // request-level checks, before the transaction
      const receiverIds = input.to.map((r) => r.userId);
      if (new Set(receiverIds).size !== receiverIds.length) throw handoverErrors.DUPLICATE_RECEIVER();
      if (receiverIds.includes(input.fromUserId)) throw handoverErrors.RECEIVER_INVALID();
      const allReceivers = input.to.filter((r) => r.all);
      if (allReceivers.length > 1) throw handoverErrors.MORE_THAN_ONE_ALL();
      const explicit = new Map<string, string>();
      for (const r of input.to) {
        for (const id of r.accountIds ?? []) {
          if (explicit.has(id) && explicit.get(id) !== r.userId) throw handoverErrors.ACCOUNT_PICKED_TWICE();
          explicit.set(id, r.userId);
        }
      }

      const started = performance.now();
      const id = randomUUID();
      const at = deps.clock.now();
      const result = await deps.database.withTenant(orgId, async (tx) => {
        const people = await handoverRepository.findUsers(tx, orgId, [input.fromUserId, ...receiverIds]);
        const from = people.find((u) => u.id === input.fromUserId);
        if (!from) throw handoverErrors.FROM_USER_NOT_FOUND();
        await checkScope(tx, actor, from);
        const receivers = receiverIds.map((rid) => people.find((u) => u.id === rid));
        if (receivers.some((u) => !u || u.status !== 'active')) throw handoverErrors.RECEIVER_INVALID();

        const owned = await handoverRepository.ownedAccountIds(tx, orgId, from.id, [...explicit.keys()]);
        if (owned.length !== explicit.size) throw handoverErrors.ACCOUNTS_NOT_OWNED({ count: explicit.size - owned.length });

        const plan: HandoverPlan = {
          orgId,
          fromUserId: from.id,
          explicitAccounts: explicit,
          restReceiver: allReceivers[0]?.userId ?? null,
          defaultReceiver: allReceivers[0]?.userId ?? receiverIds[0]!,
          includeContacts: input.includeContacts,
          includeLeads: input.includeLeads,
          actorId: actor.userId,
          now: at,
          receiverDepartments: new Map(receivers.map((u) => [u!.id, u!.departmentId])),
          movedAccounts: new Map(),
        };

        const counts: Record<string, number> = {};
        const byReceiver: Record<string, Record<string, number>> = Object.fromEntries(receiverIds.map((r) => [r, {}]));
        const events: { objectType: string; recordId: string; changes: unknown[] }[] = [];
        for (const mover of movers) {
          const moved = await mover.move(tx, plan);
          counts[mover.objectType] = moved.length;
          for (const m of moved) {
            const per = (byReceiver[m.ownerId] ??= {});
            per[mover.objectType] = (per[mover.objectType] ?? 0) + 1;
            events.push({
              objectType: mover.objectType,
              recordId: m.id,
              changes: [
                { field: 'ownerId', old: from.id, new: m.ownerId },
                ...(m.oldDepartmentId !== m.departmentId ? [{ field: 'departmentId', old: m.oldDepartmentId, new: m.departmentId }] : []),
              ],
            });
          }
        }
        if (events.length === 0) throw handoverErrors.NOTHING_TO_HAND_OVER();
        for (let i = 0; i < events.length; i += AUDIT_CHUNK) {
          await handoverRepository.insertTransferEvents(tx, { ...cmd.audit, occurredAt: at }, events.slice(i, i + AUDIT_CHUNK));
        }

        const summary: Summary = { counts, byReceiver };
        await handoverRepository.insertHandover(tx, {
          orgId,
          id,
          fromUserId: from.id,
          summary,
          reason: input.reason || null,
          createdAt: at,
          createdBy: actor.userId,
        });
        await auditRepository.insert(tx, [
          { ...cmd.audit, objectType: 'users', recordId: from.id, action: 'handover', occurredAt: at, changes: [{ field: 'handover', old: null, new: { id, ...summary } }] },
        ]);

        // one notification per receiver, with the counts, in the receiver's language
        for (const receiver of receivers) {
          const got = byReceiver[receiver!.id] ?? {};
          if (Object.values(got).every((n) => !n)) continue;
          const locale: Locale = receiver!.locale === 'en' ? 'en' : 'zh-CN';
          const parts = movers.filter((m) => got[m.objectType]).map((m) => (locale === 'en' ? `${got[m.objectType]} ${m.label.en}` : `${got[m.objectType]} ${m.label['zh-CN']}`));
          await notificationsService.notify(tx, {
            orgId,
            userId: receiver!.id,
            kind: 'handover.received',
            title: interpolate(handoverMessages.receivedTitle[locale], { from: from.displayName }),
            body: parts.join(locale === 'en' ? ', ' : '、'),
            link: '/accounts',
          });
        }
        const names = new Map(people.map((u) => [u.id, u.displayName]));
        return toDto(
          { id, fromUserId: from.id, fromUserName: from.displayName, summary, reason: input.reason || null, createdAt: at, createdBy: actor.userId, createdByName: actor.displayName },
          names,
        );
      });
      return { ...result, durationMs: Math.round(performance.now() - started) };
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
