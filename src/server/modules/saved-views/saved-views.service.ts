/**
 * Saved views (保存的筛选视图): filters + columns + sort of a list, per user; `shared` makes a view visible
 * (read-only) to the whole organization. Only the creator edits or deletes a view.
 */
import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../core/access/catalog.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import { savedViewErrors } from './saved-views.errors.js';
import { savedViewsRepository, type SavedViewRow } from './saved-views.repository.js';
import type { CreateViewInput, SavedViewDto, UpdateViewInput } from './saved-views.schemas.js';

const toDto = (r: SavedViewRow, userId: string): SavedViewDto => ({
  id: r.id,
  objectType: r.objectType as SavedViewDto['objectType'],
  name: r.name,
  filters: r.filters,
  columns: r.columns,
  sort: r.sort,
  shared: r.shared === 1,
  ownerId: r.ownerId,
  ownerName: r.ownerName,
  mine: r.ownerId === userId,
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

export function createSavedViewsService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const now = () => deps.clock.now();

  /** The view if the actor may read it and may view its object type; own views only when `own`. */
  async function find(tx: DbExecutor, actor: Actor, id: string, own: boolean): Promise<SavedViewRow> {
    if (!isUuid(id)) throw savedViewErrors.VIEW_NOT_FOUND();
    const row = await savedViewsRepository.findReadable(tx, actor.orgId, actor.userId, id);
    if (!row || !hasPermission(actor.permissions, row.objectType, 'view')) throw savedViewErrors.VIEW_NOT_FOUND();
    if (own && row.ownerId !== actor.userId) throw savedViewErrors.VIEW_READ_ONLY();
    return row;
  }

  return {
    async list(actor: Actor, objectType: string): Promise<SavedViewDto[]> {
      const rows = await deps.database.withTenant(actor.orgId, (tx) => savedViewsRepository.listFor(tx, actor.orgId, actor.userId, objectType));
      return rows.map((r) => toDto(r, actor.userId));
    },

    async get(actor: Actor, id: string): Promise<SavedViewDto> {
      return toDto(await deps.database.withTenant(actor.orgId, (tx) => find(tx, actor, id, false)), actor.userId);
    },

    async create(actor: Actor, input: CreateViewInput): Promise<SavedViewDto> {
      if (!hasPermission(actor.permissions, input.objectType, 'view')) throw httpErrors.FORBIDDEN();
      const row = await deps.database.withTenant(actor.orgId, async (tx) => {
        const id = randomUUID();
        await savedViewsRepository.insert(tx, { orgId: actor.orgId, id, ownerId: actor.userId, ...input, filters: input.filters, sort: input.sort, now: now() });
        return find(tx, actor, id, true);
      });
      return toDto(row, actor.userId);
    },

    async update(actor: Actor, id: string, input: UpdateViewInput): Promise<SavedViewDto> {
      const { version, ...set } = input;
      const row = await deps.database.withTenant(actor.orgId, async (tx) => {
        const before = await find(tx, actor, id, true);
        if (before.version !== version || !(await savedViewsRepository.update(tx, actor.orgId, id, actor.userId, version, set, now()))) {
          throw httpErrors.VERSION_CONFLICT();
        }
        return find(tx, actor, id, true);
      });
      return toDto(row, actor.userId);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await deps.database.withTenant(actor.orgId, async (tx) => {
        await find(tx, actor, id, true);
        await savedViewsRepository.remove(tx, actor.orgId, id, actor.userId);
      });
    },
  };
}
