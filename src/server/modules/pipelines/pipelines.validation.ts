/**
 * Server side of the pipeline validation: gathers what the organization defines (active deal custom fields)
 * and refuses an unusable configuration with 400 PIPELINE_INVALID naming every offending field.
 */
import { validatePipeline, type PipelineDraft } from '../../../core/pipelines/pipelineValidation.js';
import type { DbExecutor } from '../../platform/db/database.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { customFieldsRepository } from '../custom-fields/custom-fields.repository.js';
import { pipelineErrors } from './pipelines.errors.js';

export async function assertValidPipeline(tx: DbExecutor, orgId: string, draft: PipelineDraft, locale: Locale): Promise<void> {
  const defs = await customFieldsRepository.listDefinitions(tx, orgId, 'deals');
  const issues = validatePipeline(draft, { dealCustomFieldKeys: defs.filter((d) => d.active === 1).map((d) => d.key) });
  if (issues.length === 0) return;
  const err = pipelineErrors.PIPELINE_INVALID(
    { detail: issues[0]!.message[locale] },
    issues.map((i) => ({ field: i.field, message: i.message[locale] })),
  );
  err.details = { issues: issues.map((i) => ({ field: i.field, code: i.code })) };
  throw err;
}
