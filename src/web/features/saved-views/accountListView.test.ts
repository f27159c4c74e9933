import { describe, expect, it } from 'vitest';
import { paramsFromView, sameView, viewFromParams, withoutHiddenColumns } from './accountListView';

describe('accounts list state ↔ saved view', () => {
  it('reads filters, columns and sort from the URL', () => {
    const params = new URLSearchParams('q=acme&owner=u1&tier=A&tag=t1&cff=%5B%5D&sort=name:asc&hide=phone,tags&cols=sector&deleted=1');
    expect(viewFromParams(params)).toEqual({
      filters: { q: 'acme', ownerId: 'u1', tier: 'A', tagId: 't1', filters: '[]' },
      columns: ['owner', 'department', 'industry', 'tier', 'updatedAt', 'cf.sector'],
      sort: { field: 'name', order: 'asc' },
    });
  });

  it('prefers the typed search text and defaults the sort', () => {
    expect(viewFromParams(new URLSearchParams('q=old'), ' new ')).toMatchObject({ filters: { q: 'new' }, sort: { field: 'updatedAt', order: 'desc' } });
    expect(viewFromParams(new URLSearchParams(), '')).toMatchObject({ filters: {} });
  });

  it('round-trips through URL parameters', () => {
    const view = { filters: { q: 'acme', tier: 'none', departmentId: 'd1', filters: '[{"key":"x","op":"eq","value":1}]' }, columns: ['owner', 'tier', 'cf.sector'], sort: { field: 'cf.sector', order: 'desc' as const } };
    const params = paramsFromView({ ...view, id: 'v1' });
    expect(params.get('view')).toBe('v1');
    expect(params.get('dept')).toBe('d1');
    expect(params.get('hide')).toBe('department,phone,industry,tags,updatedAt');
    expect(params.get('cols')).toBe('sector');
    expect(viewFromParams(params)).toEqual(view);
    expect(sameView(viewFromParams(params), view)).toBe(true);
    expect(sameView(viewFromParams(new URLSearchParams('tier=B')), view)).toBe(false);
  });

  it('a view without columns shows the default columns; the default sort stays out of the URL', () => {
    const params = paramsFromView({ filters: {}, columns: [], sort: { field: 'updatedAt', order: 'desc' } });
    expect(params.toString()).toBe('');
  });

  it('drops hidden columns by key or built-in dataIndex', () => {
    const cols = [{ dataIndex: 'name' }, { dataIndex: 'ownerName' }, { key: 'tier' }, { dataIndex: 'phone' }, { key: 'cf-x' }];
    expect(withoutHiddenColumns(cols, ['owner', 'tier'])).toEqual([{ dataIndex: 'name' }, { dataIndex: 'phone' }, { key: 'cf-x' }]);
  });
});
