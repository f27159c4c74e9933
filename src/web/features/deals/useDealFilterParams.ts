import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useSetSearchParam } from '../../lib/useSetSearchParam';
import type { DealFilters } from './dealsApi';
import { usePipelines } from './usePipelines';

/**
 * The board's and the list's shared filters, kept in the URL (pipeline, owner, dept, month, q) so reloads and
 * links show the same deals; the pipeline defaults to the organization's default pipeline.
 */
export function useDealFilterParams() {
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const pipelines = usePipelines();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300);
  const items = pipelines.data ?? [];
  const requested = params.get('pipeline');
  const pipeline = items.find((p) => p.id === requested) ?? items.find((p) => p.isDefault) ?? items[0];
  const filters: DealFilters = useMemo(
    () => ({
      pipelineId: pipeline?.id,
      ownerId: params.get('owner') ?? undefined,
      departmentId: params.get('dept') ?? undefined,
      closeMonth: /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? (params.get('month') as string) : undefined,
      q: q || undefined,
    }),
    [pipeline?.id, params, q],
  );
  return { params, setParam, pipelines, pipeline, filters, search, setSearch };
}
