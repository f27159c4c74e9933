import { getLanguage } from '../../lib/i18n';
import type { TierDefinition } from './tiersApi';

/** The tier's name in the UI language. */
export const tierLabel = (def: TierDefinition) => (getLanguage() === 'zh-CN' ? def.labelZh : def.labelEn);

/** Colours offered for tiers (antd preset tag colours). */
export const TIER_COLORS = ['red', 'volcano', 'orange', 'gold', 'lime', 'green', 'cyan', 'blue', 'geekblue', 'purple', 'magenta', 'default'] as const;
