import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRoles } from './useRoles';

export function RoleSelect(props: Omit<SelectProps<string>, 'options'>) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useRoles();
  return (
    <Select<string>
      loading={isLoading}
      placeholder={t('roles.selectPlaceholder')}
      options={data.map((r) => ({ value: r.id, label: r.name }))}
      showSearch={{ optionFilterProp: 'label' }}
      {...props}
    />
  );
}
