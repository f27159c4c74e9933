import type { TFunction } from 'i18next';
import { getLanguage } from '../../lib/i18n';
import type { ActivityTypeDef } from './activitiesApi';

/** The display name of a follow-up type: the configured name in the UI language, else the built-in label. */
export function activityTypeLabel(t: TFunction, key: string, types: ActivityTypeDef[] | undefined): string {
  const def = types?.find((d) => d.key === key);
  const name = def?.name?.[getLanguage()];
  if (name) return name;
  return t(`activities.types.${key}`, { defaultValue: key });
}
