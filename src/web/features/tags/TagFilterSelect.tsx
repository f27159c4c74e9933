import { Select, Tag } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { tagColor } from './tagsApi';
import { useTags } from './useTags';

/** List filter: records carrying one tag. */
export function TagFilterSelect({ value, onChange, style }: { value: string | undefined; onChange: (v: string | undefined) => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const { data = [], isFetching } = useTags();
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'name' }}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      placeholder={t('tags.filter')}
      loading={isFetching}
      options={data.map((x) => ({
        value: x.id,
        name: x.name,
        label: (
          <Tag color={tagColor(x.color)} style={{ marginInlineEnd: 0 }}>
            {x.name}
          </Tag>
        ),
      }))}
      style={style}
      popupMatchSelectWidth={false}
      data-testid="accounts-tag-filter"
      aria-label={t('tags.filter')}
    />
  );
}
