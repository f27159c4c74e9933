/** Attachments: upload / list / download / delete through the parent record's visibility; kinds; deal update. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, setupDeals, warmDeals } from '../deals/deals.testkit.js';

beforeAll(() => warmDeals().then(() => undefined), 240_000);

describe('attachments', () => {
  it('uploads to a visible deal (marks it updated), lists, downloads and deletes; a rep who cannot see the deal gets 404', async () => {
    const { call, clock, deal, newUser, upload } = await setupDeals();
    const rep = await newUser();
    const other = await newUser();
    const d = await deal(rep);
    clock.advance(2 * DAY);
    const res = await upload(rep, d.id, 'quote', '报价单内容 %PDF');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ objectType: 'deals', recordId: d.id, kind: 'quote', fileName: 'quote.pdf', contentType: 'application/pdf', size: Buffer.byteLength('报价单内容 %PDF') });
    expect((await call(rep, 'GET', `/deals/${d.id}`)).json()).toMatchObject({ lastUpdateAt: clock.now().toISOString(), attachmentKinds: ['quote'] });

    const list = await call(rep, 'GET', `/attachments?objectType=deals&recordId=${d.id}`);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const file = await call(rep, 'GET', `/attachments/${a.id}/content`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body).toBe('报价单内容 %PDF');

    // not visible to another rep: every path is 404, nothing leaks
    expect((await call(other, 'GET', `/attachments?objectType=deals&recordId=${d.id}`)).statusCode).toBe(404);
    expect((await call(other, 'GET', `/attachments/${a.id}/content`)).statusCode).toBe(404);
    expect((await call(other, 'DELETE', `/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await upload(other, d.id, 'quote')).statusCode).toBe(404);

    // kinds are validated
    const bad = await upload(rep, d.id, 'selfie');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'kind', message: 'is not an attachment kind' }]);

    expect((await call(rep, 'DELETE', `/attachments/${a.id}`)).statusCode).toBe(204);
    expect((await call(rep, 'GET', `/attachments?objectType=deals&recordId=${d.id}`)).json().items).toEqual([]);
    expect((await call(rep, 'GET', `/attachments/${a.id}/content`)).statusCode).toBe(404);
    expect((await call(rep, 'GET', `/deals/${d.id}`)).json().attachmentKinds).toEqual([]);
  });

  it('refuses files over 20 MB with 413', async () => {
    const { deal, newUser, upload } = await setupDeals();
    const rep = await newUser();
    const d = await deal(rep);
    const res = await upload(rep, d.id, 'other', 'x'.repeat(20 * 1024 * 1024 + 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
  });
});
