import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const handoverErrors = defineErrors({
  HANDOVER_REQUIRED: {
    kind: 'conflict',
    'zh-CN': '该用户仍负责 {accounts} 个客户、{contacts} 个联系人、{leads} 条线索、{deals} 个进行中的商机，请先办理离职交接再停用',
    en: 'This user still owns {accounts} customers, {contacts} contacts, {leads} leads and {deals} open deals; hand them over before deactivating the user',
  },
  FROM_USER_NOT_FOUND: { kind: 'not_found', 'zh-CN': '交接人不存在', en: 'The user to hand over from does not exist' },
  RECEIVER_INVALID: {
    kind: 'validation',
    'zh-CN': '接收人必须是本组织的在职用户，且不能是交接人本人',
    en: 'Receivers must be active users of the organization, other than the user handing over',
  },
  DUPLICATE_RECEIVER: { kind: 'validation', 'zh-CN': '每个接收人只能出现一次', en: 'Each receiver may appear only once' },
  MORE_THAN_ONE_ALL: {
    kind: 'validation',
    'zh-CN': '只能有一个接收人接收“其余全部”',
    en: 'Only one receiver may take “all the rest”',
  },
  ACCOUNT_PICKED_TWICE: { kind: 'validation', 'zh-CN': '同一个客户不能分给两个接收人', en: 'A customer cannot go to two receivers' },
  ACCOUNTS_NOT_OWNED: {
    kind: 'unprocessable',
    'zh-CN': '{count} 个所选客户不属于交接人（可能已被转移），请刷新后重试',
    en: '{count} of the selected customers are not owned by the user handing over (moved meanwhile?); reload and try again',
  },
  NOTHING_TO_HAND_OVER: { kind: 'unprocessable', 'zh-CN': '没有需要交接的记录', en: 'There is nothing to hand over' },
  OUT_OF_SCOPE: {
    kind: 'forbidden',
    'zh-CN': '只能交接你的数据权限范围内的用户',
    en: 'You can only hand over users within your data scope',
  },
});

export const handoverMessages = {
  receivedTitle: { 'zh-CN': '{from} 的工作已交接给你', en: '{from}’s work was handed over to you' },
} satisfies Record<string, LocalizedText>;
