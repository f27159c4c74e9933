import { describe, expect, it } from 'vitest';
import { buildTestApp } from './test/factories.js';
import { getTestDatabase, testDatabaseKind } from './test/testDatabase.js';

describe('HTTP conventions', () => {
  it('reports health with the database engine', async () => {
    const app = await buildTestApp(await getTestDatabase());
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDatabaseKind() });
  });

  it('answers unknown API routes with a localized 404 error body', async () => {
    const app = await buildTestApp(await getTestDatabase());
    const zh = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } });
    const en = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('No such endpoint');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const app = await buildTestApp(await getTestDatabase());
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
  });

  it('exposes Prometheus metrics', async () => {
    const app = await buildTestApp(await getTestDatabase());
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('luodi_http_requests_total');
  });
});
