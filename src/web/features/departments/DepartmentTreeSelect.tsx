import { TreeSelect } from 'antd';
import type { TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, descendantIds, type DepartmentNode } from './departmentTree';
import { useDepartments } from './useDepartments';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

type Props = Omit<TreeSelectProps<string>, 'treeData'> & {
  /** Disable this department and its subtree (when choosing a new parent). */
  excludeSubtreeOf?: string;
};

export function DepartmentTreeSelect({ excludeSubtreeOf, ...rest }: Props) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useDepartments();

  const treeData = useMemo(() => {
    const blocked = excludeSubtreeOf ? descendantIds(data, excludeSubtreeOf) : new Set<string>();
    const toOption = (n: DepartmentNode): TreeOption => ({
      value: n.id,
      title: n.name,
      disabled: blocked.has(n.id),
      children: n.children.map(toOption),
    });
    return buildDepartmentTree(data).map(toOption);
  }, [data, excludeSubtreeOf]);

  return (
    <TreeSelect<string>
      treeData={treeData}
      loading={isLoading}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('departments.selectPlaceholder')}
      popupMatchSelectWidth={false}
      {...rest}
    />
  );
}
