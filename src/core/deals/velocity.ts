/**
 * Pipeline velocity (PRODUCT.md 4.3 stage history): per stage, how many deals moved out of it and how long they
 * stayed (average and median days), from the stage-history rows (from stage, seconds in it).
 */
export interface StageMove {
  fromStage: string | null;
  secondsInPrevious: number | null;
}

export interface StageVelocity {
  stageKey: string;
  movesOut: number;
  averageDays: number | null;
  medianDays: number | null;
}

const DAY_S = 86_400;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One entry per stage key given (in that order); moves from unknown stages are ignored; days rounded to 2 decimals. */
export function stageVelocity(stageKeys: readonly string[], moves: readonly StageMove[]): StageVelocity[] {
  const byStage = new Map<string, number[]>(stageKeys.map((k) => [k, []]));
  const counts = new Map<string, number>(stageKeys.map((k) => [k, 0]));
  for (const m of moves) {
    if (m.fromStage === null || !byStage.has(m.fromStage)) continue;
    counts.set(m.fromStage, counts.get(m.fromStage)! + 1);
    if (m.secondsInPrevious !== null && m.secondsInPrevious >= 0) byStage.get(m.fromStage)!.push(m.secondsInPrevious);
  }
  return stageKeys.map((stageKey) => {
    const secs = byStage.get(stageKey)!;
    const avg = secs.length ? secs.reduce((a, b) => a + b, 0) / secs.length : null;
    const med = median(secs);
    return {
      stageKey,
      movesOut: counts.get(stageKey)!,
      averageDays: avg === null ? null : round2(avg / DAY_S),
      medianDays: med === null ? null : round2(med / DAY_S),
    };
  });
}
