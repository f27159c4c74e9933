import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { getLanguage, LANGUAGES, setLanguage, type Language } from '../lib/i18n';

/** Header language switch; persists to localStorage (`luodi.lang`) and drives Accept-Language. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const current = getLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((lang) => ({
          key: lang,
          label: <span data-testid={`lang-option-${lang}`}>{t(`language.${lang}`)}</span>,
        })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="lang-switch" aria-label={t('language.label')}>
        {compact ? null : t(`language.${current}`)}
      </Button>
    </Dropdown>
  );
}
