import { EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { openQuickLog } from './quickLogStore';

export interface QuickLogButtonProps {
  dealId?: string;
  accountId?: string;
  size?: 'small' | 'middle';
  onLogged?: () => void;
}

/** The quick-log entry point (list, kanban, detail pages): a button that opens the follow-up modal. */
export function QuickLogButton({ dealId, accountId, size = 'middle', onLogged }: QuickLogButtonProps) {
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
      data-testid="quicklog-open"
    >
      {t('activities.quickLog')}
    </Button>
  );
}
