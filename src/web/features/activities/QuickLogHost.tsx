import { QuickLogModal } from './QuickLogModal';
import { closeQuickLog, useQuickLogState } from './quickLogStore';

/**
 * The app's single quick-log modal, mounted once in the layout: opened by QuickLogButton anywhere (list rows,
 * kanban cards, detail pages) without living inside a clickable or draggable card.
 */
export function QuickLogHost() {
  const { open, seq, request } = useQuickLogState();
  if (seq === 0) return null;
  return (
    <QuickLogModal
      key={seq}
      open={open}
      dealId={request.dealId}
      accountId={request.accountId}
      onClose={closeQuickLog}
      onLogged={() => request.onLogged?.()}
    />
  );
}
