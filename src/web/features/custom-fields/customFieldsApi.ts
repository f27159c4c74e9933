/** Endpoints of custom-field definitions (`/custom-fields`), kept beside the feature. */
import type { CustomFieldObjectType, CustomFieldOptions, CustomFieldType, CustomFieldValidation } from '../../../core/custom-fields/types';
import { http } from '../../lib/api';

export interface CustomFieldDefinition {
  id: string;
  objectType: CustomFieldObjectType;
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: CustomFieldOptions;
  required: boolean;
  unique: boolean;
  validation: CustomFieldValidation;
  sortOrder: number;
  active: boolean;
  hasValues: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CustomFieldDefinitionInput {
  objectType: CustomFieldObjectType;
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options?: CustomFieldOptions;
  required?: boolean;
  unique?: boolean;
  validation?: CustomFieldValidation;
  active?: boolean;
}

export type CustomFieldDefinitionPatch = Partial<Omit<CustomFieldDefinitionInput, 'objectType' | 'key' | 'type'>> & { version: number };

export const customFieldsApi = {
  list: (objectType: CustomFieldObjectType) => http.get<{ items: CustomFieldDefinition[] }>('/custom-fields', { objectType }),
  create: (input: CustomFieldDefinitionInput) => http.post<CustomFieldDefinition>('/custom-fields', input),
  update: (id: string, input: CustomFieldDefinitionPatch) => http.patch<CustomFieldDefinition>(`/custom-fields/${http.enc(id)}`, input),
  remove: (id: string, version: number) => http.del(`/custom-fields/${http.enc(id)}?version=${version}`),
  reorder: (objectType: CustomFieldObjectType, ids: string[]) => http.post<{ items: CustomFieldDefinition[] }>('/custom-fields/reorder', { objectType, ids }),
};

export const customFieldKeys = {
  all: ['custom-fields'] as const,
  list: (objectType: CustomFieldObjectType) => ['custom-fields', objectType] as const,
};
