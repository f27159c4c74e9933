import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

type Props = Omit<SelectProps<string>, 'options' | 'onSearch' | 'filterOption' | 'showSearch'> & {
  /** Label of the current value when it is not among the search results. */
  currentLabel?: string | null;
};

/** Searchable account picker backed by `GET /accounts?q=` (only accounts the user can see). */
export function AccountSelect({ currentLabel, value, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const { data, isFetching } = useQuery({
    queryKey: ['accounts', 'list', 'options', q],
    queryFn: () => api.accounts.list({ q: q || undefined, sort: 'name', limit: 20 }),
    staleTime: 30_000,
  });
  const options = useMemo(() => {
    const list = (data?.items ?? []).map((a) => ({ value: a.id, label: a.name, desc: a.ownerName ?? '' }));
    if (value && currentLabel && !list.some((o) => o.value === value)) list.unshift({ value, label: currentLabel, desc: '' });
    return list;
  }, [data, value, currentLabel]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={t('contacts.accountPlaceholder')}
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
