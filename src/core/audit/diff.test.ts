import { describe, expect, it } from 'vitest';
import { diffFields } from './diff.js';

describe('diffFields', () => {
  it('lists only the fields whose values changed, with old and new values', () => {
    const changes = diffFields<Record<string, unknown>>({ name: 'A', phone: '1', notes: null }, { name: 'B', phone: '1', notes: 'x' }, ['name', 'phone', 'notes']);
    expect(changes).toEqual([
      { field: 'name', old: 'A', new: 'B' },
      { field: 'notes', old: null, new: 'x' },
    ]);
  });
  it('records every non-empty field on create and on delete', () => {
    expect(diffFields<Record<string, unknown>>(null, { name: 'A', phone: undefined }, ['name', 'phone'])).toEqual([{ field: 'name', old: null, new: 'A' }]);
    expect(diffFields({ name: 'A' }, null, ['name'])).toEqual([{ field: 'name', old: 'A', new: null }]);
  });
  it('compares dates and objects by value', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    expect(diffFields({ at: d, cf: { a: 1 } }, { at: new Date(d), cf: { a: 1 } }, ['at', 'cf'])).toEqual([]);
    expect(diffFields({ at: d }, { at: new Date('2026-01-02T00:00:00Z') }, ['at'])[0]?.new).toBe('2026-01-02T00:00:00.000Z');
  });
});
