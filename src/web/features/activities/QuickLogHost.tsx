import { lazy, Suspense } from 'react';
import { closeQuickLog, useQuickLogState } from './quickLogStore';

// loaded on the first open: the layout mounts the host on every screen, the modal's form code belongs to none of them
const QuickLogModal = lazy(() => import('./QuickLogModal').then((m) => ({ default: m.QuickLogModal })));

/**
 * The app's single quick-log modal, mounted once in the layout: opened by QuickLogButton anywhere (list rows,
 * kanban cards, detail pages) without living inside a clickable or draggable card.
 */
export function QuickLogHost() {
  const { open, seq, request } = useQuickLogState();
  if (seq === 0) return null;
  return (
    <Suspense fallback={null}>
      <QuickLogModal
        key={seq}
        open={open}
        dealId={request.dealId}
        accountId={request.accountId}
        onClose={closeQuickLog}
        onLogged={() => request.onLogged?.()}
      />
    </Suspense>
  );
}
