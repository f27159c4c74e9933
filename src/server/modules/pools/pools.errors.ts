import { defineErrors, type LocalizedText } from '../../platform/http/errors.js';

export const poolErrors = defineErrors({
  POOL_NOT_FOUND: { kind: 'not_found', 'zh-CN': '公海不存在', en: 'Pool not found' },
  NO_POOL: {
    kind: 'unprocessable',
    'zh-CN': '该客户所在部门没有适用的公海，请先设置公海',
    en: 'No pool applies to this customer’s department; set up a pool first',
  },
  POOL_INACTIVE: { kind: 'unprocessable', 'zh-CN': '公海「{name}」已停用', en: 'The pool “{name}” is inactive' },
  DEFAULT_POOL_REQUIRED: {
    kind: 'unprocessable',
    'zh-CN': '默认公海不能删除、停用或取消默认；请先将另一个公海设为默认',
    en: 'The default pool cannot be deleted, deactivated or unset; make another pool the default first',
  },
  POOL_NOT_EMPTY: {
    kind: 'conflict',
    'zh-CN': '公海「{name}」中还有 {count} 个客户，不能删除',
    en: 'The pool “{name}” still holds {count} customers and cannot be deleted',
  },
  NOT_IN_POOL: {
    kind: 'conflict',
    'zh-CN': '{count} 个客户已不在该公海中（可能已被他人领取），请刷新后重试',
    en: '{count} of the customers are no longer in this pool (someone may have claimed them); reload and try again',
  },
  CLAIM_CAP_REACHED: {
    kind: 'unprocessable',
    'zh-CN': '超出每日领取上限：每天最多领取 {cap} 个客户，今天已领取 {claimed} 个',
    en: 'Daily claim limit exceeded: at most {cap} customers a day, and you have claimed {claimed} today',
  },
  CLAIM_COOLDOWN: {
    kind: 'unprocessable',
    'zh-CN': '「{name}」是你退回公海的客户，冷却期 {days} 天内不能重新领取（{until} 后可领取）',
    en: '“{name}” was yours before it went to the pool; you may claim it again after the {days}-day cooldown ({until})',
  },
  HOLDING_CAP_REACHED: {
    kind: 'unprocessable',
    'zh-CN': '超出持有客户上限：最多持有 {cap} 个客户，当前已持有 {held} 个',
    en: 'Holding limit exceeded: at most {cap} customers per person, and {held} are held now',
  },
  NOT_OWNER: {
    kind: 'forbidden',
    'zh-CN': '只有负责人或有转移权限的主管可以将客户释放到公海',
    en: 'Only the owner, or a manager who may transfer customers, can release a customer to the pool',
  },
  ALREADY_IN_POOL: { kind: 'conflict', 'zh-CN': '该客户已在公海中', en: 'This customer is already in a pool' },
  ASSIGNEE_INVALID: { kind: 'validation', 'zh-CN': '分配对象必须是本组织的在职用户', en: 'The assignee must be an active user of the organization' },
});

/** Notification texts, in the recipient's language. */
export const poolMessages = {
  reclaimedTitle: { 'zh-CN': '{count} 个客户已被收回公海', en: '{count} customers were reclaimed into the pool' },
  reclaimedBody: { 'zh-CN': '超过规定天数未跟进：{names}', en: 'Not followed up within the pool’s rules: {names}' },
  reminderTitle: { 'zh-CN': '客户「{name}」将在 {days} 天后被收回公海', en: '“{name}” will be reclaimed into the pool in {days} days' },
  reminderBody: { 'zh-CN': '请在 {due} 前跟进，否则将自动收回', en: 'Follow up before {due} or it will be reclaimed automatically' },
  assignedTitle: { 'zh-CN': '公海分配给你 {count} 个客户', en: '{count} pool customers were assigned to you' },
} satisfies Record<string, LocalizedText>;

/** Why the job reclaimed a customer (audit "reason"), by rule. */
export const reclaimReasons = {
  idle: { 'zh-CN': '超过 {days} 天未有效跟进', en: 'no effective follow-up for {days} days' },
  noDeal: { 'zh-CN': '超过 {days} 天未创建商机', en: 'no deal for {days} days' },
  noWin: { 'zh-CN': '超过 {days} 天未赢单', en: 'no win for {days} days' },
} satisfies Record<string, LocalizedText>;
