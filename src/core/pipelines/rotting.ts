/**
 * Stale deals (PRODUCT.md 4.3, 4.10): an open deal with no update for longer than its stage's rotting days is
 * rotting. "Update" means a follow-up logged, a stage move or a field edit — never merely viewing — and is kept in
 * the deal's `lastUpdateAt`. Shared by the server (lists, kanban, the notifying job) and the web.
 */
export const DEFAULT_ROTTING_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RottingInput {
  status: 'open' | 'won' | 'lost';
  lastUpdateAt: Date;
  /** the current stage's rotting days; null means the stage's default (7); 0 turns detection off */
  rottingDays: number | null | undefined;
}

/** Whole days since the last update (0 on the day of the update). */
export function idleDays(lastUpdateAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - lastUpdateAt.getTime()) / DAY_MS));
}

export function effectiveRottingDays(rottingDays: number | null | undefined): number {
  return rottingDays ?? DEFAULT_ROTTING_DAYS;
}

/** Rotting once the idle time exceeds the stage's rotting days (8 days idle in a 7-day stage rots; exactly 7 does not). */
export function isRotting(input: RottingInput, now: Date): boolean {
  if (input.status !== 'open') return false;
  const days = effectiveRottingDays(input.rottingDays);
  if (days <= 0) return false;
  return now.getTime() - input.lastUpdateAt.getTime() > days * DAY_MS;
}

/** The moment a deal starts rotting if nothing happens (for the job's query and the UI's "rots in n days"). */
export function rotsAt(lastUpdateAt: Date, rottingDays: number | null | undefined): Date | null {
  const days = effectiveRottingDays(rottingDays);
  return days <= 0 ? null : new Date(lastUpdateAt.getTime() + days * DAY_MS);
}
