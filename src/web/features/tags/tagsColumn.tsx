import type { TableColumnType } from 'antd';
import type { TFunction } from 'i18next';
import { RecordTags } from './RecordTags';
import type { TagItem } from './tagsApi';

/** The accounts table's tags column (key `tags`). */
export function tagsColumn<T extends { id: string; tags?: TagItem[] }>(t: TFunction): TableColumnType<T> {
  return { title: t('tags.column'), key: 'tags', width: 180, render: (_: unknown, a: T) => <RecordTags objectType="accounts" recordId={a.id} tags={a.tags} /> };
}
