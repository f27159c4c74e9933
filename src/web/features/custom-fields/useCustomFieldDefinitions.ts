import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomFieldObjectType } from '../../../core/custom-fields/types';
import { customFieldKeys, customFieldsApi, type CustomFieldDefinitionInput, type CustomFieldDefinitionPatch } from './customFieldsApi';

/**
 * The custom fields of an object type, in display order (all, including deactivated ones: forms and lists
 * use `active`; a deactivated field's stored values can still be shown read-only).
 */
export function useCustomFieldDefinitions(objectType: CustomFieldObjectType) {
  return useQuery({
    queryKey: customFieldKeys.list(objectType),
    queryFn: async () => (await customFieldsApi.list(objectType)).items,
    staleTime: 60_000,
  });
}

/** Only the active fields (what forms and filters offer). */
export function useActiveCustomFields(objectType: CustomFieldObjectType) {
  const query = useCustomFieldDefinitions(objectType);
  return { ...query, data: query.data?.filter((d) => d.active) };
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: customFieldKeys.all });
}

export function useCreateCustomField() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: CustomFieldDefinitionInput) => customFieldsApi.create(input), onSuccess: invalidate });
}

export function useUpdateCustomField() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: CustomFieldDefinitionPatch }) => customFieldsApi.update(id, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteCustomField() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, version }: { id: string; version: number }) => customFieldsApi.remove(id, version), onSuccess: invalidate });
}

export function useReorderCustomFields() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ objectType, ids }: { objectType: CustomFieldObjectType; ids: string[] }) => customFieldsApi.reorder(objectType, ids),
    onSuccess: invalidate,
  });
}
