/**
 * Deal teams (PRODUCT.md 4.11): members with a role and a credit split summing to 100 %. Members see the deal
 * whatever their data scope: each gets a record share (objectType 'deals', role 'team') that platform/access
 * scopeFilter honours. The team is replaced as a whole, in one short transaction with its shares and audit.
 */
import { hasPermission } from '../../../core/access/catalog.js';
import { isRecordVisible } from '../../../core/access/scope.js';
import { TEAM_PROBLEM_MESSAGES, TEAM_ROLE_KEYS, validateTeam } from '../../../core/deals/teamSplit.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import { canSeeRecord, loadAccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository, type AuditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors, interpolate, type FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { markDealUpdated } from '../deals/deals.service.js';
import { dealTeamErrors, dealTeamFieldMessages } from './deal-teams.errors.js';
import { dealTeamsRepository, type DealRef, type DealTeamsRepository, type TeamMemberRow } from './deal-teams.repository.js';
import type { DealTeamDto, PutDealTeamInput } from './deal-teams.schemas.js';

export interface DealTeamCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface DealTeamsServiceDeps {
  database: Pick<Database, 'withTenant'>;
  clock: Clock;
  repo?: DealTeamsRepository;
  audit?: Pick<AuditRepository, 'insert'>;
  /** modules/deals: a team change is an update of the deal (rotting restarts) */
  markDealUpdated?: typeof markDealUpdated;
}

const toDto = (dealId: string, rows: TeamMemberRow[]): DealTeamDto => ({
  dealId,
  members: rows.map((r) => ({ userId: r.userId, userName: r.userName, role: r.role, creditPercent: r.creditPercent })),
  roles: [...TEAM_ROLE_KEYS],
});

const auditValue = (rows: readonly { userId: string; role: string; creditPercent: number }[]) =>
  [...rows].sort((a, b) => a.userId.localeCompare(b.userId)).map((r) => ({ userId: r.userId, role: r.role, creditPercent: r.creditPercent }));

export function createDealTeamsService(deps: DealTeamsServiceDeps) {
  const repo = deps.repo ?? dealTeamsRepository;
  const audit = deps.audit ?? auditRepository;
  const touchDeal = deps.markDealUpdated ?? markDealUpdated;

  /** The deal if the actor may see it (data scope or a share, e.g. team membership); else 404. */
  async function findVisibleDeal(tx: DbExecutor, actor: Actor, id: string): Promise<{ deal: DealRef; inScope: boolean }> {
    if (!isUuid(id)) throw dealTeamErrors.DEAL_NOT_FOUND();
    const deal = await repo.findDeal(tx, actor.orgId, id);
    if (!deal) throw dealTeamErrors.DEAL_NOT_FOUND();
    const scope = await loadAccessScope(tx, actor);
    // in scope without shares: a team member (who sees the deal through a share) does not get to edit the team
    const inScope = isRecordVisible(scope, deal);
    if (!inScope && !(await canSeeRecord(tx, scope, 'deals', deal))) throw dealTeamErrors.DEAL_NOT_FOUND();
    return { deal, inScope };
  }

  return {
    async get(actor: Actor, dealId: string): Promise<DealTeamDto> {
      const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
        await findVisibleDeal(tx, actor, dealId);
        return repo.listTeam(tx, actor.orgId, dealId);
      });
      return toDto(dealId.toLowerCase(), rows);
    },

    /** Replaces the team (and its shares); only the deal owner or someone whose scope and role let them edit the deal. */
    async replace(ctx: DealTeamCommandContext, dealId: string, input: PutDealTeamInput): Promise<DealTeamDto> {
      const { actor, locale } = ctx;
      const members = input.members.map((m) => ({ userId: m.userId.toLowerCase(), role: m.role, creditPercent: m.creditPercent }));
      const problems = validateTeam(members);
      if (problems.length) {
        throw httpErrors.VALIDATION_FAILED(
          {},
          problems.map((p) => ({ field: p.field, message: interpolate(TEAM_PROBLEM_MESSAGES[p.code][locale], p.params) })),
        );
      }
      const rows = await deps.database.withTenant(actor.orgId, async (tx) => {
        const { deal, inScope } = await findVisibleDeal(tx, actor, dealId);
        const isOwner = deal.ownerId === actor.userId;
        if (!isOwner && !(inScope && hasPermission(actor.permissions, 'deals', 'edit'))) throw dealTeamErrors.DEAL_TEAM_FORBIDDEN();
        const active = await repo.activeUserIds(tx, actor.orgId, members.map((m) => m.userId));
        const inactive: FieldError[] = members.flatMap((m, i) =>
          active.has(m.userId) ? [] : [{ field: `members.${i}.userId`, message: dealTeamFieldMessages.userId[locale] }],
        );
        if (inactive.length) throw httpErrors.VALIDATION_FAILED({}, inactive);
        const before = await repo.listTeam(tx, actor.orgId, deal.id);
        const oldValue = auditValue(before);
        const newValue = auditValue(members);
        if (JSON.stringify(oldValue) === JSON.stringify(newValue)) return before;
        const at = deps.clock.now();
        await repo.replaceTeam(tx, actor.orgId, deal.id, members, { actorId: actor.userId, now: at });
        await audit.insert(tx, [{ ...ctx.audit, objectType: 'deals', recordId: deal.id, action: 'team', changes: [{ field: 'team', old: oldValue, new: newValue }], occurredAt: at }]);
        await touchDeal(tx, actor.orgId, deal.id, at);
        return repo.listTeam(tx, actor.orgId, deal.id);
      });
      return toDto(dealId.toLowerCase(), rows);
    },
  };
}

export type DealTeamsService = ReturnType<typeof createDealTeamsService>;
