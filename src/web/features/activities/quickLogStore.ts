import { useSyncExternalStore } from 'react';

export interface QuickLogRequest {
  dealId?: string;
  accountId?: string;
  onLogged?: () => void;
}

interface State {
  open: boolean;
  /** bumps on every open so the form starts fresh */
  seq: number;
  request: QuickLogRequest;
}

let state: State = { open: false, seq: 0, request: {} };
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Opens the one quick-log modal of the app (rendered by QuickLogHost in the layout). */
export function openQuickLog(request: QuickLogRequest) {
  state = { open: true, seq: state.seq + 1, request };
  emit();
}

export function closeQuickLog() {
  state = { ...state, open: false };
  emit();
}

export function useQuickLogState(): State {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
