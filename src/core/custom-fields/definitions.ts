/**
 * Rules of a custom-field definition that a schema cannot express (shared by the admin API and its form).
 */
import { cfMessage } from './messages.js';
import { compileRegex } from './validate.js';
import {
  CUSTOM_FIELD_KEY_RE,
  MAX_DECIMALS,
  TEXT_LIKE_TYPES,
  UNIQUE_CAPABLE_TYPES,
  type CfLocale,
  type CustomFieldOptions,
  type CustomFieldType,
  type CustomFieldValidation,
} from './types.js';

export interface DefinitionShape {
  key?: string;
  type: CustomFieldType;
  options: CustomFieldOptions;
  unique: boolean;
  validation: CustomFieldValidation;
}

/** Problems as { field, message } with fields named as in the API body (`options.options`, `validation.regex` …). */
export function definitionProblems(def: DefinitionShape, locale: CfLocale): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const add = (field: string, code: Parameters<typeof cfMessage>[0], params?: Record<string, string | number>) =>
    out.push({ field, message: cfMessage(code, locale, params) });
  if (def.key !== undefined && !CUSTOM_FIELD_KEY_RE.test(def.key)) add('key', 'keyFormat');
  const isSelect = def.type === 'single_select' || def.type === 'multi_select';
  const options = def.options.options;
  if (isSelect) {
    if (!options || options.length === 0) add('options.options', 'optionsRequired');
    else {
      const seen = new Set<string>();
      for (const o of options) {
        if (seen.has(o.value)) add('options.options', 'optionDuplicate', { value: o.value });
        seen.add(o.value);
      }
    }
  } else if (options && options.length > 0) add('options.options', 'notForType');
  if (def.options.currency !== undefined && def.type !== 'money') add('options.currency', 'notForType');
  if (def.options.currency !== undefined && !/^[A-Z]{3}$/.test(def.options.currency)) add('options.currency', 'currency');
  if (def.options.decimals !== undefined) {
    if (def.type !== 'number') add('options.decimals', 'notForType');
    else if (!Number.isInteger(def.options.decimals) || def.options.decimals < 0 || def.options.decimals > MAX_DECIMALS)
      add('options.decimals', 'max', { max: MAX_DECIMALS });
  }
  const textLike = TEXT_LIKE_TYPES.includes(def.type);
  const { regex, min, max, maxLength } = def.validation;
  if (regex !== undefined) {
    if (!textLike) add('validation.regex', 'notForType');
    else if (!compileRegex(regex)) add('validation.regex', 'regexInvalid');
  }
  if (maxLength !== undefined && !textLike) add('validation.maxLength', 'notForType');
  if ((min !== undefined || max !== undefined) && def.type !== 'number' && def.type !== 'money') add('validation.min', 'notForType');
  if (min !== undefined && max !== undefined && min > max) add('validation.min', 'minMax');
  if (def.unique && !UNIQUE_CAPABLE_TYPES.includes(def.type)) add('unique', 'notForType');
  return out;
}
