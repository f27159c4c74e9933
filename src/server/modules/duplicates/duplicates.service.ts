/**
 * Duplicate detection (查重/撞单, PRODUCT.md 4.2). Other modules call it inside their own tenant transaction:
 *
 *   const duplicates = createDuplicatesService({ clock });
 *   await duplicates.assertAllowed(tx, actor, { objectType: 'contacts', mobile, email }, input.acknowledgeDuplicates ?? false);
 *
 * What is compared (directional: leads are checked against customers, not the other way round, so that
 * converting a lead never trips over the lead itself):
 *   accounts → company name (exact + fuzzy) and credit code against accounts (pool ones included);
 *              phone and email against accounts and contacts
 *   contacts → phone/mobile and email against contacts and accounts
 *   leads    → company name (exact + fuzzy) against accounts and other open leads; phone/mobile and email
 *              against accounts, contacts and leads
 * Phones are compared against accounts.phone, contacts.mobile and leads.mobile (the indexed columns).
 *
 * A match the actor may not see (data scope, no view permission) is reported with `visible: false`, its
 * owner's name or "in the pool" only — never its name or any other field.
 */
import { hasPermission } from '../../../core/access/catalog.js';
import { normalizeCompanyName } from '../../../core/customers/companyName.js';
import {
  applyRules,
  DEFAULT_DUPLICATE_RULES,
  summarizeMatches,
  type DuplicateRules,
  type MatchKind,
} from '../../../core/duplicates/rules.js';
import { isCreditCodeFormat, normalizeCreditCode } from '../../../core/validation/creditCode.js';
import { normalizeEmail } from '../../../core/validation/mobile.js';
import { normalizePhone } from '../../../core/validation/phone.js';
import { loadAccessScope, visibleRecordIds } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { visiblePools } from '../pools/pools.access.js';
import { loadPoolContext } from '../pools/pools.reclaimDue.js';
import { duplicateErrors } from './duplicates.errors.js';
import { duplicatesRepository, orgSettingsRepository, type DuplicateLookup, type MatchRow } from './duplicates.repository.js';
import { duplicateRulesSchema } from './duplicates.schemas.js';

export type DuplicateObjectType = 'accounts' | 'contacts' | 'leads';

export interface DuplicateProbe {
  objectType: DuplicateObjectType;
  excludeId?: string;
  companyName?: string | null;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  creditCode?: string | null;
  /** contacts: the account the contact belongs to — sharing its phone or email is no duplicate */
  accountId?: string | null;
}

export interface DuplicateMatch {
  objectType: DuplicateObjectType;
  id: string;
  matchedOn: 'name_exact' | 'name_fuzzy' | 'phone' | 'email' | 'credit_code';
  similarity?: number;
  visible: boolean;
  /** only when visible */
  name?: string;
  ownerId: string | null;
  ownerName: string | null;
  inPool: boolean;
  poolName?: string | null;
}

export interface DuplicateResult {
  matches: DuplicateMatch[];
  action: 'none' | 'warn' | 'block';
}

export const DUPLICATES_SETTINGS_KEY = 'duplicates';
/** rows looked at per table and kind */
const ARM_LIMIT = 10;

const TARGETS: Record<DuplicateObjectType, Pick<DuplicateLookup, 'nameTargets' | 'contactTargets'>> = {
  accounts: { nameTargets: ['accounts'], contactTargets: ['accounts', 'contacts'] },
  contacts: { nameTargets: [], contactTargets: ['accounts', 'contacts'] },
  leads: { nameTargets: ['accounts', 'leads'], contactTargets: ['accounts', 'contacts', 'leads'] },
};

/** Stored rules, with defaults for anything missing or invalid. */
export function parseDuplicateRules(value: Record<string, unknown> | undefined): DuplicateRules {
  if (!value) return DEFAULT_DUPLICATE_RULES;
  const merged = {
    rules: { ...DEFAULT_DUPLICATE_RULES.rules, ...((value.rules as object | undefined) ?? {}) },
    fuzzyThreshold: value.fuzzyThreshold ?? DEFAULT_DUPLICATE_RULES.fuzzyThreshold,
  };
  const parsed = duplicateRulesSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_DUPLICATE_RULES;
}

/** The normalized keys of a probe (what is compared). */
export function probeKeys(probe: DuplicateProbe) {
  const nameKey = probe.companyName ? normalizeCompanyName(probe.companyName) || null : null;
  const phones = [...new Set([probe.phone, probe.mobile].flatMap((p) => (p ? [normalizePhone(p)].filter((x): x is string => !!x) : [])))];
  const email = probe.email ? normalizeEmail(probe.email) : null;
  const code = probe.creditCode ? normalizeCreditCode(probe.creditCode) : '';
  return { nameKey, phones, email, creditCode: code && isCreditCodeFormat(code) ? code : null };
}

export interface DuplicatesServiceDeps {
  clock: Clock;
  database?: Pick<Database, 'withTenant'> & Partial<Pick<Database, 'kind'>>;
  /**
   * Similar-name (trigram) matching. Off on PGlite: its pg_trgm intermittently hangs the single connection on
   * Chinese names once the planner has statistics (reproduced with `%` and similarity(), with GIN, GiST and no
   * index), which would stop the whole server. Default: on except on PGlite.
   */
  fuzzyNames?: boolean;
}

export function createDuplicatesService(deps: DuplicatesServiceDeps) {
  const now = () => deps.clock.now();
  const fuzzyNames = deps.fuzzyNames ?? deps.database?.kind !== 'pglite';

  async function loadRules(tx: DbExecutor, orgId: string): Promise<DuplicateRules & { version: number }> {
    const stored = await orgSettingsRepository.get(tx, orgId, DUPLICATES_SETTINGS_KEY);
    return { ...parseDuplicateRules(stored?.value), version: stored?.version ?? 0 };
  }

  /** Decides which matches the actor may see. */
  async function withVisibility(tx: DbExecutor, actor: Actor, rows: MatchRow[]): Promise<DuplicateMatch[]> {
    if (rows.length === 0) return [];
    const scope = await loadAccessScope(tx, actor);
    const inPool = (r: MatchRow) => r.objectType === 'accounts' && r.ownerId === null && r.poolId !== null;
    let browsablePools: Set<string> | undefined;
    if (rows.some(inPool)) {
      browsablePools = new Set(visiblePools(await loadPoolContext(tx, actor.orgId, now()), actor).map((p) => p.id));
    }
    const visible = new Map<string, boolean>();
    const scoped = new Map<DuplicateObjectType, MatchRow[]>();
    for (const r of rows) {
      const key = `${r.objectType}:${r.id}`;
      if (!hasPermission(actor.permissions, r.objectType, 'view')) visible.set(key, false);
      else if (inPool(r)) visible.set(key, browsablePools?.has(r.poolId!) ?? false);
      else scoped.set(r.objectType, [...(scoped.get(r.objectType) ?? []), r]);
    }
    // data scope and shares: the access layer's rule for loaded records
    for (const [objectType, list] of scoped) {
      const ids = await visibleRecordIds(tx, scope, objectType, list);
      for (const r of list) visible.set(`${objectType}:${r.id}`, ids.has(r.id));
    }
    return rows.map((r) => {
      const isVisible = visible.get(`${r.objectType}:${r.id}`) ?? false;
      const m: DuplicateMatch = {
        objectType: r.objectType,
        id: r.id,
        matchedOn: r.matchedOn,
        visible: isVisible,
        ownerId: r.ownerId,
        ownerName: r.ownerName,
        inPool: inPool(r),
      };
      if (r.matchedOn === 'name_fuzzy' && r.similarity !== null) m.similarity = Math.round(r.similarity * 1000) / 1000;
      if (m.inPool) m.poolName = r.poolName;
      if (isVisible) m.name = r.name;
      return m;
    });
  }

  /**
   * The matches and the resulting action, before visibility: what a rule decides does not depend on who asks
   * (imports use this directly, as the job's actor needs no per-match answer).
   */
  async function decide(tx: DbExecutor, orgId: string, probe: DuplicateProbe): Promise<{ matches: MatchRow[]; action: DuplicateResult['action'] }> {
    const keys = probeKeys(probe);
    const targets = TARGETS[probe.objectType];
    if (!keys.nameKey && keys.phones.length === 0 && !keys.email && !keys.creditCode) return { matches: [], action: 'none' };
    const rules = await loadRules(tx, orgId);
    const on = (k: MatchKind) => rules.rules[k] !== 'off';
    const fuzzy = fuzzyNames && on('name_fuzzy') && !!keys.nameKey && keys.nameKey.length >= 2 && targets.nameTargets.length > 0;
    if (fuzzy) await duplicatesRepository.setSimilarityThreshold(tx, rules.fuzzyThreshold);
    const rows = await duplicatesRepository.findMatches(tx, {
      orgId,
      ...targets,
      exclude: probe.excludeId ? { objectType: probe.objectType, id: probe.excludeId } : undefined,
      nameKey: on('name_exact') || fuzzy ? keys.nameKey : null,
      fuzzy,
      phones: on('phone') ? keys.phones : [],
      email: on('email') ? keys.email : null,
      creditCode: on('credit_code') ? keys.creditCode : null,
      limit: ARM_LIMIT,
    });
    // exact-name rows are fetched for the fuzzy arm's sake even when name_exact is off: applyRules drops them
    const own = probe.objectType === 'contacts' && probe.accountId ? probe.accountId : null;
    return applyRules(rules, own ? rows.filter((r) => !(r.objectType === 'accounts' && r.id === own)) : rows);
  }

  async function check(tx: DbExecutor, actor: Actor, probe: DuplicateProbe): Promise<DuplicateResult> {
    const decided = await decide(tx, actor.orgId, probe);
    return { matches: await withVisibility(tx, actor, decided.matches), action: decided.action };
  }

  function describe(result: DuplicateResult, locale: Locale): string {
    return summarizeMatches(result.matches, locale);
  }

  async function assertAllowed(tx: DbExecutor, actor: Actor, probe: DuplicateProbe, acknowledged: boolean): Promise<DuplicateResult> {
    const result = await check(tx, actor, probe);
    if (result.action === 'none' || (result.action === 'warn' && acknowledged)) return result;
    const params = { summaryZh: describe(result, 'zh-CN'), summaryEn: describe(result, 'en') };
    const err = result.action === 'block' ? duplicateErrors.DUPLICATE_BLOCKED(params) : duplicateErrors.DUPLICATE_WARNING(params);
    err.details = { matches: result.matches, action: result.action };
    throw err;
  }

  function database() {
    if (!deps.database) throw new Error('duplicates service: no database');
    return deps.database;
  }

  return {
    check,
    decide,
    assertAllowed,
    describe,
    loadRules,

    /** POST /duplicates/check: the web form's live warning. */
    async checkNow(actor: Actor, probe: DuplicateProbe, locale: Locale) {
      const result = await database().withTenant(actor.orgId, (tx) => check(tx, actor, probe));
      return { ...result, message: result.action === 'none' ? '' : describe(result, locale) };
    },

    async getSettings(actor: Actor) {
      return database().withTenant(actor.orgId, (tx) => loadRules(tx, actor.orgId));
    },

    async putSettings(ctx: { actor: Actor; audit: AuditContext }, input: DuplicateRules & { version?: number }) {
      const { actor } = ctx;
      return database().withTenant(actor.orgId, async (tx) => {
        const before = await loadRules(tx, actor.orgId);
        if (input.version !== undefined && input.version !== before.version) throw httpErrors.VERSION_CONFLICT();
        const value = { rules: input.rules, fuzzyThreshold: input.fuzzyThreshold };
        if (!(await orgSettingsRepository.put(tx, actor.orgId, DUPLICATES_SETTINGS_KEY, value, before.version, { actorId: actor.userId, now: now() }))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        const changes = [
          ...Object.keys(value.rules)
            .filter((k) => before.rules[k as MatchKind] !== value.rules[k as MatchKind])
            .map((k) => ({ field: `rules.${k}`, old: before.rules[k as MatchKind], new: value.rules[k as MatchKind] })),
          ...(before.fuzzyThreshold !== value.fuzzyThreshold ? [{ field: 'fuzzyThreshold', old: before.fuzzyThreshold, new: value.fuzzyThreshold }] : []),
        ];
        await auditRepository.insert(tx, [
          { ...ctx.audit, objectType: 'org_settings.duplicates', recordId: actor.orgId, action: 'update', changes, occurredAt: now() },
        ]);
        return loadRules(tx, actor.orgId);
      });
    },
  };
}

export type DuplicatesService = ReturnType<typeof createDuplicatesService>;

/** Fills accounts.name_key where it is missing (rows written before name keys, or by raw seeds). */
export async function backfillNameKeys(tx: DbExecutor, opts: { orgId?: string; batch?: number; maxRows?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 2000;
  let done = 0;
  for (;;) {
    const rows = await duplicatesRepository.accountsWithoutNameKey(tx, batch, opts.orgId);
    if (rows.length === 0) break;
    // an empty normalised name (e.g. only punctuation) keeps the raw lower-cased name, so the row is not picked again
    await duplicatesRepository.setNameKeys(tx, rows.map((r) => ({ orgId: r.orgId, id: r.id, nameKey: normalizeCompanyName(r.name) || r.name.toLowerCase() })));
    done += rows.length;
    if (rows.length < batch || (opts.maxRows !== undefined && done >= opts.maxRows)) break;
  }
  return done;
}
