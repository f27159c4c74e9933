import type { TFunction } from 'i18next';
import { ATTACHMENT_KINDS } from '../../../core/pipelines/defaultPipeline';
import { getLanguage } from '../../lib/i18n';

/** The kinds offered when uploading: the pipeline criteria's kinds, then "other". */
export const UPLOAD_KINDS = [...Object.keys(ATTACHMENT_KINDS), 'other'];

export function attachmentKindLabel(kind: string, t: TFunction): string {
  const known = (ATTACHMENT_KINDS as Record<string, { 'zh-CN': string; en: string }>)[kind];
  if (known) return known[getLanguage()];
  return kind === 'other' ? t('deals.attachments.kindOther') : kind;
}
