import { EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { openQuickLog } from './quickLogStore';

export interface QuickLogButtonProps {
  dealId?: string;
  accountId?: string;
  size?: 'small' | 'middle';
  /** compact (kanban cards, list rows): the icon only, the label as tooltip */
  iconOnly?: boolean;
  onLogged?: () => void;
}

/** The quick-log entry point (list, kanban, detail pages): a button that opens the follow-up modal. */
export function QuickLogButton({ dealId, accountId, size = 'middle', iconOnly = false, onLogged }: QuickLogButtonProps) {
  const { t } = useTranslation();
  return (
    <Button
      size={size}
      icon={<EditOutlined />}
      onClick={(e) => {
        // inside a clickable or draggable card: do not open the card too
        e.stopPropagation();
        openQuickLog({ dealId, accountId, onLogged });
      }}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      type={iconOnly ? 'text' : undefined}
      aria-label={t('activities.quickLog')}
      title={iconOnly ? t('activities.quickLog') : undefined}
      data-testid={iconOnly ? `quicklog-open-${dealId ?? accountId}` : 'quicklog-open'}
    >
      {iconOnly ? null : t('activities.quickLog')}
    </Button>
  );
}
