import { defineErrors } from '../../platform/http/errors.js';

export const pipelineErrors = defineErrors({
  PIPELINE_NOT_FOUND: { kind: 'not_found', 'zh-CN': '销售流程不存在', en: 'Pipeline not found' },
  PIPELINE_INVALID: { kind: 'validation', 'zh-CN': '销售流程配置有误：{detail}', en: 'The pipeline configuration is invalid: {detail}' },
  STAGE_IN_USE: {
    kind: 'conflict',
    'zh-CN': '阶段「{stage}」仍有 {count} 个商机在使用，不能删除；请先将这些商机移到其他阶段',
    en: 'The stage “{stage}” is still used by {count} deals and cannot be removed; move those deals to another stage first',
  },
  STAGE_TYPE_IN_USE: {
    kind: 'conflict',
    'zh-CN': '阶段「{stage}」仍有 {count} 个商机在使用，不能更改其类型；请先将这些商机移到其他阶段',
    en: 'The stage “{stage}” is still used by {count} deals, so its type cannot change; move those deals to another stage first',
  },
  DEFAULT_PIPELINE_REQUIRED: {
    kind: 'unprocessable',
    'zh-CN': '默认销售流程不能停用或取消默认；请先将另一个流程设为默认',
    en: 'The default pipeline cannot be deactivated or unset; make another pipeline the default first',
  },
});
