import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, stageVelocity } from './velocity.js';

const DAY = 86_400;

describe('stageVelocity', () => {
  it('counts moves out of each stage and averages / medians the days spent', () => {
    const v = stageVelocity(
      ['a', 'b', 'c'],
      [
        { fromStage: null, secondsInPrevious: null },
        { fromStage: 'a', secondsInPrevious: 1 * DAY },
        { fromStage: 'a', secondsInPrevious: 2 * DAY },
        { fromStage: 'a', secondsInPrevious: 6 * DAY },
        { fromStage: 'b', secondsInPrevious: DAY / 2 },
        { fromStage: 'zzz', secondsInPrevious: DAY },
      ],
    );
    expect(v).toEqual([
      { stageKey: 'a', movesOut: 3, averageDays: 3, medianDays: 2 },
      { stageKey: 'b', movesOut: 1, averageDays: 0.5, medianDays: 0.5 },
      { stageKey: 'c', movesOut: 0, averageDays: null, medianDays: null },
    ]);
  });

  it('median lies between min and max; average too', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e8 }), { minLength: 1 }), (secs) => {
        const m = median(secs)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...secs));
        expect(m).toBeLessThanOrEqual(Math.max(...secs));
        const [v] = stageVelocity(['s'], secs.map((s) => ({ fromStage: 's', secondsInPrevious: s })));
        expect(v!.movesOut).toBe(secs.length);
        expect(v!.averageDays! * DAY).toBeGreaterThanOrEqual(Math.min(...secs) - DAY / 100);
        expect(v!.averageDays! * DAY).toBeLessThanOrEqual(Math.max(...secs) + DAY / 100);
      }),
    );
  });
});
