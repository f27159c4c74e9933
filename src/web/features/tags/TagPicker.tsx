import { PlusOutlined } from '@ant-design/icons';
import { Flex, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerError } from '../../lib/useServerError';
import { tagColor, TAG_COLORS, type TaggableObjectType } from './tagsApi';
import { useCreateTag } from './useCreateTag';
import { useRecordTags } from './useRecordTags';
import { useSetRecordTags } from './useSetRecordTags';
import { useTags } from './useTags';

const CREATE = '__create__';

/**
 * A record's tags: closable tags plus a searchable "add tag" select; typing a name no tag has offers to
 * create it (anyone who may edit the record may create tags).
 */
export function TagPicker({ objectType, recordId, editable }: { objectType: TaggableObjectType; recordId: string; editable: boolean }) {
  const { t } = useTranslation();
  const onError = useServerError();
  const current = useRecordTags(objectType, recordId);
  const all = useTags(editable);
  const setTags = useSetRecordTags(objectType, recordId);
  const create = useCreateTag();
  const [search, setSearch] = useState('');
  const busy = setTags.isPending || create.isPending;

  if (current.isPending) return <Skeleton.Input active size="small" />;
  const tags = current.data ?? [];
  const ids = tags.map((x) => x.id);
  const save = (next: string[]) => setTags.mutate(next, { onError: (err) => onError(err) });

  const name = search.trim();
  const exact = (all.data ?? []).find((x) => x.name.toLowerCase() === name.toLowerCase());
  const options = [
    ...(all.data ?? [])
      .filter((x) => !ids.includes(x.id))
      .map((x) => ({ value: x.id, label: x.name, tag: x })),
    ...(name && !exact && name.length <= 40 ? [{ value: CREATE, label: t('tags.createNamed', { name }), tag: null }] : []),
  ];

  const pick = (value: string) => {
    setSearch('');
    if (value !== CREATE) {
      save([...ids, value]);
      return;
    }
    const color = TAG_COLORS[(all.data?.length ?? 0) % TAG_COLORS.length];
    create.mutate({ name, color }, { onSuccess: (tag) => save([...ids, tag.id]), onError: (err) => onError(err) });
  };

  return (
    <Flex gap={6} wrap align="center" data-testid={`${objectType === 'accounts' ? 'account' : objectType}-tags`}>
      {tags.length === 0 && !editable ? <Typography.Text type="secondary">—</Typography.Text> : null}
      {tags.map((x) => (
        <Tag
          key={x.id}
          color={tagColor(x.color)}
          closable={editable && !busy}
          onClose={(e) => {
            e.preventDefault();
            save(ids.filter((id) => id !== x.id));
          }}
          style={{ marginInlineEnd: 0 }}
          data-testid="record-tag"
          data-tag-id={x.id}
        >
          {x.name}
        </Tag>
      ))}
      {editable ? (
        <Select<string>
          size="small"
          showSearch={{ filterOption: (input, option) => option?.value === CREATE || String(option?.label ?? '').toLowerCase().includes(input.trim().toLowerCase()), onSearch: setSearch, searchValue: search }}
          value={null}
          onChange={pick}
          options={options.map(({ value, label }) => ({ value, label: value === CREATE ? <span data-testid="tag-picker-create"><PlusOutlined /> {label}</span> : label }))}
          optionRender={(o) => (o.value === CREATE ? o.label : <span data-testid="tag-picker-option">{o.label}</span>)}
          placeholder={<span><PlusOutlined /> {t('tags.add')}</span>}
          loading={busy || all.isFetching}
          disabled={busy || tags.length >= 50}
          popupMatchSelectWidth={false}
          notFoundContent={t('tags.typeToCreate')}
          style={{ minWidth: 130 }}
          data-testid="tag-picker-select"
          aria-label={t('tags.add')}
        />
      ) : null}
    </Flex>
  );
}
