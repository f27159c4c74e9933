import type { LocalizedText } from '../../platform/http/errors.js';

export const staleDealMessages = {
  title: { 'zh-CN': '商机「{name}」已 {days} 天未更新', en: 'Deal “{name}” has had no update for {days} days' },
  bodyOwner: {
    'zh-CN': '已超过当前阶段的停滞期限（{limit} 天），请尽快跟进。',
    en: 'It passed its stage’s limit of {limit} days without an update; please follow it up.',
  },
  bodyManager: {
    'zh-CN': '负责人：{owner}。已超过当前阶段的停滞期限（{limit} 天）。',
    en: 'Owner: {owner}. It passed its stage’s limit of {limit} days without an update.',
  },
} satisfies Record<string, LocalizedText>;
