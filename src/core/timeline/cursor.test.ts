import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTimeline, decodeTimelineCursor, encodeTimelineCursor, mentionedUserIds, TIMELINE_KINDS, type TimelinePosition } from './cursor.js';

const position = fc.record({
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).chain((d) =>
    fc.integer({ min: 0, max: 999 }).map((us) => d.toISOString().replace('Z', `${String(us).padStart(3, '0')}Z`)),
  ),
  kind: fc.constantFrom(...TIMELINE_KINDS),
  id: fc.oneof(fc.uuid().map((u) => u.toLowerCase()), fc.bigInt({ min: 1n, max: 2n ** 62n }).map(String), fc.uuid().map((u) => `${u.toLowerCase()}:done`)),
});

describe('timeline cursor', () => {
  it('round-trips any position', () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodeTimelineCursor(encodeTimelineCursor(p))).toEqual(p);
      }),
    );
  });

  it('rejects malformed cursors', () => {
    for (const raw of ['', 'x', Buffer.from('["tl","2026-01-01","comment","1"]').toString('base64url'), Buffer.from('["tl","2026-01-01T00:00:00.000000Z","nope","1"]').toString('base64url'), Buffer.from("['x']").toString('base64url')]) {
      expect(decodeTimelineCursor(raw)).toBeNull();
    }
  });

  it('orders newest first, then kind, then id, as a strict total order', () => {
    fc.assert(
      fc.property(position, position, (a: TimelinePosition, b: TimelinePosition) => {
        expect(Math.sign(compareTimeline(a, b))).toBe(-Math.sign(compareTimeline(b, a)));
        if (a.at > b.at) expect(compareTimeline(a, b)).toBeLessThan(0);
      }),
    );
  });

  it('finds mention tokens once each', () => {
    const u1 = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const u2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    expect(mentionedUserIds(`@[张三](${u1}) 请看 @[Li Si](${u2.toUpperCase()}) 和 @[张三](${u1}) @[bad](123)`)).toEqual([u1, u2]);
    expect(mentionedUserIds('no mentions @here')).toEqual([]);
  });
});
