/**
 * Tags (标签): organization-wide labels put on accounts, contacts and leads. Setting a record's tags needs
 * `edit` on its type and the record visible to the actor (data scope, shares); it is audited on the record.
 */
import { randomUUID } from 'node:crypto';
import { isUuid } from '../../../core/pagination/cursor.js';
import { loadAccessScope, scopeFilter } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { httpErrors } from '../../platform/http/errors.js';
import { tagErrors } from './tags.errors.js';
import { TAGGABLE_TABLES, tagsRepository, type TagRow } from './tags.repository.js';
import type { TaggableObjectType } from './tags.schemas.js';

interface Ctx {
  actor: Actor;
  audit: AuditContext;
  locale?: Locale;
}

const unknownTagMessage = { 'zh-CN': '标签不存在', en: 'unknown tag' } as const;

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
}

export function createTagsService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const now = () => deps.clock.now();

  async function assertVisible(tx: DbExecutor, actor: Actor, objectType: TaggableObjectType, id: string) {
    if (!isUuid(id)) throw tagErrors.RECORD_NOT_FOUND();
    const t = TAGGABLE_TABLES[objectType];
    const scope = scopeFilter({ id: t.id, ownerId: t.ownerId, departmentId: t.departmentId }, objectType, await loadAccessScope(tx, actor));
    if (!(await tagsRepository.recordVisible(tx, actor.orgId, objectType, id, scope))) throw tagErrors.RECORD_NOT_FOUND();
  }

  const taken = (name: string) => tagErrors.TAG_NAME_TAKEN({ name }, [{ field: 'name', message: name }]);

  return {
    list: (actor: Actor) => deps.database.withTenant(actor.orgId, (tx) => tagsRepository.list(tx, actor.orgId)),

    async create(ctx: Ctx, input: { name: string; color?: string | null }): Promise<TagRow> {
      const { actor } = ctx;
      try {
        return await deps.database.withTenant(actor.orgId, async (tx) => {
          if (await tagsRepository.findByName(tx, actor.orgId, input.name)) throw taken(input.name);
          const id = randomUUID();
          await tagsRepository.insert(tx, { orgId: actor.orgId, id, name: input.name, color: input.color ?? null, createdBy: actor.userId, now: now() });
          await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'tags', recordId: id, action: 'create', changes: [{ field: 'name', old: null, new: input.name }], occurredAt: now() }]);
          return { id, name: input.name, color: input.color ?? null };
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw taken(input.name);
        throw err;
      }
    },

    async update(ctx: Ctx, id: string, input: { name?: string; color?: string | null }): Promise<TagRow> {
      const { actor } = ctx;
      if (!isUuid(id)) throw tagErrors.TAG_NOT_FOUND();
      try {
        return await deps.database.withTenant(actor.orgId, async (tx) => {
          const before = await tagsRepository.findById(tx, actor.orgId, id);
          if (!before) throw tagErrors.TAG_NOT_FOUND();
          if (input.name && input.name !== before.name && (await tagsRepository.findByName(tx, actor.orgId, input.name))) throw taken(input.name);
          await tagsRepository.update(tx, actor.orgId, id, input);
          const after = { ...before, ...input } as TagRow;
          const changes = (['name', 'color'] as const).filter((f) => before[f] !== after[f]).map((f) => ({ field: f, old: before[f], new: after[f] }));
          if (changes.length) await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'tags', recordId: id, action: 'update', changes, occurredAt: now() }]);
          return after;
        });
      } catch (err) {
        if (isUniqueViolation(err) && input.name) throw taken(input.name);
        throw err;
      }
    },

    async remove(ctx: Ctx, id: string): Promise<void> {
      const { actor } = ctx;
      if (!isUuid(id)) throw tagErrors.TAG_NOT_FOUND();
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await tagsRepository.findById(tx, actor.orgId, id);
        if (!before || !(await tagsRepository.remove(tx, actor.orgId, id))) throw tagErrors.TAG_NOT_FOUND();
        await auditRepository.insert(tx, [{ ...ctx.audit, objectType: 'tags', recordId: id, action: 'delete', changes: [{ field: 'name', old: before.name, new: null }], occurredAt: now() }]);
      });
    },

    async recordTags(actor: Actor, objectType: TaggableObjectType, id: string): Promise<TagRow[]> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await assertVisible(tx, actor, objectType, id);
        return tagsRepository.tagsOf(tx, actor.orgId, objectType, id);
      });
    },

    async setRecordTags(ctx: Ctx, objectType: TaggableObjectType, id: string, tagIds: string[]): Promise<TagRow[]> {
      const { actor } = ctx;
      const wanted = [...new Set(tagIds)];
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await assertVisible(tx, actor, objectType, id);
        if ((await tagsRepository.countExisting(tx, actor.orgId, wanted)) !== wanted.length) {
          throw httpErrors.VALIDATION_FAILED({}, [{ field: 'tagIds', message: unknownTagMessage[ctx.locale ?? 'zh-CN'] }]);
        }
        const before = await tagsRepository.tagsOf(tx, actor.orgId, objectType, id);
        const same = before.length === wanted.length && before.every((t) => wanted.includes(t.id));
        if (same) return before;
        await tagsRepository.replace(tx, actor.orgId, objectType, id, wanted, { actorId: actor.userId, now: now() });
        const after = await tagsRepository.tagsOf(tx, actor.orgId, objectType, id);
        await auditRepository.insert(tx, [
          { ...ctx.audit, objectType, recordId: id, action: 'update', changes: [{ field: 'tags', old: before.map((t) => t.name), new: after.map((t) => t.name) }], occurredAt: now() },
        ]);
        return after;
      });
    },
  };
}
