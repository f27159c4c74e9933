import { Flex, Tag } from 'antd';
import { tagColor, type TaggableObjectType, type TagItem } from './tagsApi';
import { useRecordTags } from './useRecordTags';

/**
 * A record's tags, read-only (lists and cards). Uses `tags` when the list row carries them; otherwise loads
 * them per record (the list API does not return tags yet).
 */
export function RecordTags({ objectType, recordId, tags, max = 3 }: { objectType: TaggableObjectType; recordId: string; tags?: TagItem[]; max?: number }) {
  const loaded = useRecordTags(objectType, recordId, tags === undefined);
  const items = tags ?? loaded.data ?? [];
  if (items.length === 0) return null;
  return (
    <Flex gap={4} wrap data-testid="record-tags">
      {items.slice(0, max).map((x) => (
        <Tag key={x.id} color={tagColor(x.color)} style={{ marginInlineEnd: 0 }} data-testid="record-tag" data-tag-id={x.id}>
          {x.name}
        </Tag>
      ))}
      {items.length > max ? <Tag style={{ marginInlineEnd: 0 }}>+{items.length - max}</Tag> : null}
    </Flex>
  );
}
