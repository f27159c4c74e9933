/**
 * Attachments (附件) of records, of a kind (需求清单, 报价单, 合同 … — core/pipelines ATTACHMENT_KINDS — or other):
 * stage entry criteria of deals look at the kinds. Access follows the parent record: whoever may see the record
 * (data scope or share) may list and download its attachments; uploading and deleting need edit on the record
 * type. Content is kept base64 in attachment_contents. Adding one to a deal counts as an update of the deal.
 */
import { randomUUID } from 'node:crypto';
import { hasPermission, tokenScopeAllows, type Action } from '../../../core/access/catalog.js';
import { isUuid } from '../../../core/pagination/cursor.js';
import { ATTACHMENT_KINDS } from '../../../core/pipelines/defaultPipeline.js';
import { canSeeRecord, loadAccessScope } from '../../platform/access/access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { auditRepository } from '../../platform/audit/audit.repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, DbExecutor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { httpErrors } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { markDealUpdated } from '../deals/deals.service.js';
import { attachmentErrors, attachmentFieldMessages } from './attachments.errors.js';
import { attachmentsRepository, PARENT_TABLES, type AttachmentRow, type ParentType } from './attachments.repository.js';
import type { AttachmentDto } from './attachments.schemas.js';

export const MAX_ATTACHMENT_MB = 20;
export const ATTACHMENT_KIND_KEYS: readonly string[] = [...Object.keys(ATTACHMENT_KINDS), 'other'];

export interface AttachmentCommandContext {
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
}

export interface UploadInput {
  objectType: string;
  recordId: string;
  kind?: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

const isParentType = (t: string): t is ParentType => Object.hasOwn(PARENT_TABLES, t);

function toDto(r: AttachmentRow): AttachmentDto {
  return { ...r, size: Number(r.size), createdAt: r.createdAt.toISOString() };
}

export function createAttachmentsService(deps: { database: Pick<Database, 'withTenant'>; clock: Clock }) {
  const repo = attachmentsRepository;
  const now = () => deps.clock.now();

  /** The parent if the actor may `action` its type and sees it; 404 otherwise (never reveals other records). */
  async function visibleParent(tx: DbExecutor, actor: Actor, objectType: string, recordId: string, action: Action, locale: Locale) {
    if (!isParentType(objectType)) throw httpErrors.VALIDATION_FAILED({}, [{ field: 'objectType', message: attachmentFieldMessages.objectType[locale] }]);
    if (actor.tokenScopes && !tokenScopeAllows(actor.tokenScopes, objectType, action)) throw httpErrors.FORBIDDEN();
    if (!hasPermission(actor.permissions, objectType, action)) throw httpErrors.FORBIDDEN();
    if (!isUuid(recordId)) throw attachmentErrors.RECORD_NOT_FOUND();
    const parent = await repo.findParent(tx, actor.orgId, objectType, recordId);
    if (!parent || !(await canSeeRecord(tx, await loadAccessScope(tx, actor), objectType, parent))) throw attachmentErrors.RECORD_NOT_FOUND();
    return { objectType, parent };
  }

  async function visibleAttachment(tx: DbExecutor, actor: Actor, id: string, action: Action, locale: Locale): Promise<AttachmentRow> {
    if (!isUuid(id)) throw attachmentErrors.ATTACHMENT_NOT_FOUND();
    const row = await repo.findById(tx, actor.orgId, id);
    if (!row) throw attachmentErrors.ATTACHMENT_NOT_FOUND();
    try {
      await visibleParent(tx, actor, row.objectType, row.recordId, action, locale);
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'RECORD_NOT_FOUND') throw attachmentErrors.ATTACHMENT_NOT_FOUND();
      throw err;
    }
    return row;
  }

  return {
    async upload(ctx: AttachmentCommandContext, input: UploadInput): Promise<AttachmentDto> {
      const { actor, locale } = ctx;
      const kind = input.kind?.trim() || 'other';
      if (!ATTACHMENT_KIND_KEYS.includes(kind)) throw httpErrors.VALIDATION_FAILED({}, [{ field: 'kind', message: attachmentFieldMessages.kind[locale] }]);
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const { objectType, parent } = await visibleParent(tx, actor, input.objectType, input.recordId, 'edit', locale);
        const at = now();
        const id = randomUUID();
        await repo.insert(tx, {
          orgId: actor.orgId,
          id,
          objectType,
          recordId: parent.id,
          kind,
          fileName: input.fileName.slice(0, 255) || 'file',
          contentType: input.contentType || 'application/octet-stream',
          size: input.data.length,
          createdAt: at,
          createdBy: actor.userId,
          data: input.data.toString('base64'),
        });
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType,
            recordId: parent.id,
            action: 'attachment.add',
            occurredAt: at,
            changes: [{ field: 'attachments', old: null, new: { id, kind, fileName: input.fileName, size: input.data.length } }],
          },
        ]);
        if (objectType === 'deals') await markDealUpdated(tx, actor.orgId, parent.id, at);
        return toDto((await repo.findById(tx, actor.orgId, id))!);
      });
    },

    async list(actor: Actor, objectType: string, recordId: string, locale: Locale): Promise<{ items: AttachmentDto[] }> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        await visibleParent(tx, actor, objectType, recordId, 'view', locale);
        return { items: (await repo.list(tx, actor.orgId, objectType, recordId)).map(toDto) };
      });
    },

    async content(actor: Actor, id: string, locale: Locale): Promise<{ fileName: string; contentType: string; data: Buffer }> {
      return deps.database.withTenant(actor.orgId, async (tx) => {
        const row = await visibleAttachment(tx, actor, id, 'view', locale);
        const data = await repo.content(tx, actor.orgId, id);
        if (data === undefined) throw attachmentErrors.ATTACHMENT_NOT_FOUND();
        return { fileName: row.fileName, contentType: row.contentType, data: Buffer.from(data, 'base64') };
      });
    },

    async remove(ctx: AttachmentCommandContext, id: string): Promise<void> {
      const { actor, locale } = ctx;
      await deps.database.withTenant(actor.orgId, async (tx) => {
        const row = await visibleAttachment(tx, actor, id, 'edit', locale);
        const at = now();
        if (!(await repo.softDelete(tx, actor.orgId, id, { actorId: actor.userId, now: at }))) throw attachmentErrors.ATTACHMENT_NOT_FOUND();
        await repo.dropContent(tx, actor.orgId, id);
        await auditRepository.insert(tx, [
          {
            ...ctx.audit,
            objectType: row.objectType,
            recordId: row.recordId,
            action: 'attachment.remove',
            occurredAt: at,
            changes: [{ field: 'attachments', old: { id, kind: row.kind, fileName: row.fileName }, new: null }],
          },
        ]);
      });
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
