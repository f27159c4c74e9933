import { describe, expect, it } from 'vitest';
import { dropMaskedEchoes, maskChanges, maskRecord, maskedFields } from './recordMasking.js';

const account = { id: '1', name: '落地科技', phone: '13812345678', email: 'sales@luodi.cn', address: '上海', creditCode: null };

describe('maskRecord', () => {
  it('masks "list" fields only in lists and "all" fields everywhere', () => {
    const masks = { 'accounts.phone': 'list', 'accounts.email': 'all' } as const;
    expect(maskRecord('accounts', account, masks, 'list')).toEqual({ ...account, phone: '138****5678', email: 's***@luodi.cn' });
    expect(maskRecord('accounts', account, masks, 'detail')).toEqual({ ...account, email: 's***@luodi.cn' });
  });
  it('returns the record untouched without masks, keeps nulls, ignores other objects', () => {
    expect(maskRecord('accounts', account, {}, 'list')).toBe(account);
    expect(maskRecord('accounts', account, { 'accounts.creditCode': 'all' }, 'detail').creditCode).toBeNull();
    expect(maskRecord('accounts', account, { 'users.mobile': 'all' }, 'detail')).toBe(account);
    expect(maskRecord('accounts', account, { 'accounts.address': 'all' }, 'detail').address).toBe('***');
  });
  it('lists the masked fields of a view', () => {
    expect(maskedFields('accounts', { 'accounts.phone': 'list', 'accounts.email': 'none' }, 'list')).toEqual([{ key: 'phone', maskKind: 'phone' }]);
    expect(maskedFields('nope', { 'nope.x': 'all' }, 'list')).toEqual([]);
  });
});

describe('maskChanges', () => {
  it('masks old and new values of masked fields', () => {
    const changes = [
      { field: 'phone', old: '13812345678', new: '13987654321' },
      { field: 'name', old: 'A', new: 'B' },
    ];
    expect(maskChanges('accounts', changes, { 'accounts.phone': 'all' }, 'detail')).toEqual([
      { field: 'phone', old: '138****5678', new: '139****4321' },
      { field: 'name', old: 'A', new: 'B' },
    ]);
    expect(maskChanges('accounts', changes, { 'accounts.phone': 'list' }, 'detail')).toEqual(changes);
  });
});

describe('dropMaskedEchoes', () => {
  it('drops a masked field sent back in its masked form, keeps real edits', () => {
    const masks = { 'accounts.phone': 'all', 'accounts.email': 'list' } as const;
    const r = dropMaskedEchoes('accounts', { phone: '138****5678', email: 's***@luodi.cn', name: 'X' }, account, masks);
    expect(r.input).toEqual({ name: 'X' });
    expect(r.ignored.sort()).toEqual(['email', 'phone']);
    const edit = dropMaskedEchoes('accounts', { phone: '13900000000', email: null }, account, masks);
    expect(edit.input).toEqual({ phone: '13900000000', email: null });
    expect(edit.ignored).toEqual([]);
  });
  it('does nothing for unmasked fields', () => {
    expect(dropMaskedEchoes('accounts', { phone: '138****5678' }, account, {}).input).toEqual({ phone: '138****5678' });
  });
});
