import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const dealTeamErrors = defineErrors({
  DEAL_NOT_FOUND: { kind: 'not_found', 'zh-CN': '商机不存在', en: 'Deal not found' },
  DEAL_TEAM_FORBIDDEN: {
    kind: 'forbidden',
    'zh-CN': '只有商机负责人或有权编辑该商机的人可以调整团队',
    en: 'Only the deal owner or someone who may edit the deal can change its team',
  },
});

export const dealTeamFieldMessages = {
  userId: { 'zh-CN': '必须是本组织的在职用户', en: 'must be an active user of the organization' },
} satisfies Record<string, LocalizedText>;
