/**
 * Follow-up settings (跟进设置) in org_settings key "activities": types, required structured fields per type,
 * the effective-follow-up rule, reminder time and time zone. Versioned and audited; organizations that never
 * saved them get the defaults (core/activities/settings).
 */
import { activitySettingsProblems, DEFAULT_ACTIVITY_SETTINGS, type ActivitySettings } from '../../../core/activities/settings.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { orgSettingsRepository } from '../duplicates/duplicates.repository.js';
import { activitySettingsMessages } from './activities.errors.js';
import { activitySettingsValue, type ActivitySettingsInput } from './activities.schemas.js';

export const ACTIVITIES_SETTINGS_KEY = 'activities';

/** Stored settings, or the defaults when none are stored or they no longer parse. */
export function parseActivitySettings(value: Record<string, unknown> | undefined): ActivitySettings {
  if (!value) return DEFAULT_ACTIVITY_SETTINGS;
  const parsed = activitySettingsValue.safeParse(value);
  if (!parsed.success || activitySettingsProblems(parsed.data).length) return DEFAULT_ACTIVITY_SETTINGS;
  return parsed.data;
}

export async function loadActivitySettings(tx: DbExecutor, orgId: string): Promise<ActivitySettings & { version: number }> {
  const stored = await orgSettingsRepository.get(tx, orgId, ACTIVITIES_SETTINGS_KEY);
  return { ...parseActivitySettings(stored?.value), version: stored?.version ?? 0 };
}

export function createActivitySettingsService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  return {
    get: (actor: Actor) => deps.database.withTenant(actor.orgId, (tx) => loadActivitySettings(tx, actor.orgId)),

    async put(ctx: { actor: Actor; audit: AuditContext; locale: Locale }, input: ActivitySettingsInput) {
      const { actor, locale } = ctx;
      const { version, ...value } = input;
      const problems = activitySettingsProblems(value);
      if (problems.length) throw httpErrors.VALIDATION_FAILED({}, problems.map((p) => ({ field: p.field, message: activitySettingsMessages[p.code][locale] })));
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await loadActivitySettings(tx, actor.orgId);
        if (version !== undefined && version !== before.version) throw httpErrors.VERSION_CONFLICT();
        const at = deps.clock.now();
        if (!(await orgSettingsRepository.put(tx, actor.orgId, ACTIVITIES_SETTINGS_KEY, { ...value }, before.version, { actorId: actor.userId, now: at }))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        const { version: _v, ...old } = before;
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType: 'org_settings.activities',
            recordId: actor.orgId,
            action: 'update',
            changes: [{ field: 'activities', old, new: value }],
            occurredAt: at,
          },
        ]);
        return loadActivitySettings(tx, actor.orgId);
      });
    },
  };
}
