import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useUserOptions } from './useUserOptions';

type Props = Omit<SelectProps<string>, 'options' | 'onSearch' | 'filterOption' | 'showSearch'> & {
  /** Label for the current value when it is not in the first page of results. */
  currentLabel?: string | null;
  activeOnly?: boolean;
};

/** Searchable single-user picker backed by `GET /users?q=`. */
export function UserSelect({ currentLabel, activeOnly = true, value, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, 250);
  const { data, isFetching } = useUserOptions(q);

  const options = useMemo(() => {
    const list = (data?.items ?? [])
      .filter((u) => !activeOnly || u.status === 'active')
      .map((u) => ({
        value: u.id,
        label: u.displayName,
        desc: [u.departmentName, u.email ?? u.mobile].filter(Boolean).join(' · '),
      }));
    if (value && currentLabel && !list.some((o) => o.value === value)) {
      list.unshift({ value, label: currentLabel, desc: '' });
    }
    return list;
  }, [data, activeOnly, value, currentLabel]);

  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={t('users.selectPlaceholder')}
      loading={isFetching}
      notFoundContent={isFetching ? t('common.loading') : t('common.noData')}
      options={options}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          {option.data.desc ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{option.data.desc}</div> : null}
        </div>
      )}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      {...rest}
    />
  );
}
