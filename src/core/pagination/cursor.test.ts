import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CURSOR_TIMESTAMP_RE, decodeCursor, encodeCursor } from './cursor.js';

const ID = '0b7d4f0e-6d1c-4c7e-9a51-3f1f2e9d8c01';

describe('keyset cursor', () => {
  it('round-trips any key', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('asc', 'desc' as const), fc.uuid(), (key, order, id) => {
        const raw = encodeCursor({ sort: 'name', order, key, id });
        expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(raw, { sort: 'name', order })).toEqual({ sort: 'name', order, key, id: id.toLowerCase() });
      }),
    );
  });

  it('rejects cursors of another sort or order, malformed ones and bad keys', () => {
    const raw = encodeCursor({ sort: 'createdAt', order: 'asc', key: '2026-01-02T03:04:05.123456Z', id: ID });
    expect(decodeCursor(raw, { sort: 'name', order: 'asc' })).toBeNull();
    expect(decodeCursor(raw, { sort: 'createdAt', order: 'desc' })).toBeNull();
    expect(decodeCursor(raw, { sort: 'createdAt', order: 'asc', validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) })).not.toBeNull();
    const badKey = encodeCursor({ sort: 'createdAt', order: 'asc', key: 'yesterday', id: ID });
    expect(decodeCursor(badKey, { sort: 'createdAt', order: 'asc', validKey: (k) => CURSOR_TIMESTAMP_RE.test(k) })).toBeNull();
    for (const junk of ['', '!!!', 'bm90IGpzb24', Buffer.from('[1,2,3,4]').toString('base64url'), Buffer.from(JSON.stringify(['name', 'asc', 'a', 'not-a-uuid'])).toString('base64url')]) {
      expect(decodeCursor(junk, { sort: 'name', order: 'asc' })).toBeNull();
    }
  });
});
