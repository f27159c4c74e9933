import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { duplicateKeys, duplicatesApi, type DuplicateObjectType, type DuplicateProbe } from './duplicatesApi';

export type DuplicateProbeFields = Omit<DuplicateProbe, 'objectType' | 'excludeId'>;

/** Only what can match: masked values ("138****0000") and fragments too short to mean anything are left out. */
export function usableProbe(fields: DuplicateProbeFields): DuplicateProbeFields {
  const out: DuplicateProbeFields = {};
  const text = (v: string | undefined) => {
    const s = (v ?? '').trim();
    return s && !s.includes('*') ? s : '';
  };
  const name = text(fields.companyName);
  if (name.length >= 2) out.companyName = name;
  for (const key of ['phone', 'mobile'] as const) {
    const v = text(fields[key]);
    if (v.replace(/\D/g, '').length >= 5) out[key] = v;
  }
  const email = text(fields.email);
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) out.email = email;
  const creditCode = text(fields.creditCode).toUpperCase();
  if (creditCode.length === 18) out.creditCode = creditCode;
  return out;
}

/**
 * Live duplicate check while a record is typed: debounced, and only once something checkable was typed.
 * `data` is undefined when there is nothing to check.
 */
export function useDuplicateCheck(objectType: DuplicateObjectType, fields: DuplicateProbeFields, options: { excludeId?: string; enabled?: boolean; delayMs?: number } = {}) {
  const { excludeId, enabled = true, delayMs = 400 } = options;
  // debounce a stable string, not an object that is new on every render
  const key = JSON.stringify(usableProbe(fields));
  const debounced = useDebouncedValue(key, delayMs);
  const probe: DuplicateProbe = useMemo(
    () => ({ objectType, ...(excludeId ? { excludeId } : {}), ...(JSON.parse(debounced) as DuplicateProbeFields) }),
    [objectType, excludeId, debounced],
  );
  const hasInput = debounced !== '{}';
  const query = useQuery({
    queryKey: duplicateKeys.check(probe),
    queryFn: () => duplicatesApi.check(probe),
    enabled: enabled && hasInput,
    staleTime: 10_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
  return { ...query, data: enabled && hasInput ? query.data : undefined };
}
