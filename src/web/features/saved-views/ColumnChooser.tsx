import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover } from 'antd';
import { useTranslation } from 'react-i18next';

/** Which of a list's optional columns show (`hidden`: the keys turned off). */
export function ColumnChooser({ columns, hidden, onChange }: { columns: { key: string; label: string }[]; hidden: string[]; onChange: (hidden: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('savedViews.columns')}
      content={
        <Flex vertical gap={6} data-testid="column-chooser-panel">
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((k) => k !== c.key) : [...hidden, c.key])}
              data-testid={`column-toggle-${c.key}`}
            >
              {c.label}
            </Checkbox>
          ))}
        </Flex>
      }
    >
      <Button size="small" icon={<SettingOutlined />} data-testid="column-chooser">
        {t('savedViews.columns')}
      </Button>
    </Popover>
  );
}
