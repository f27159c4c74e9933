/** Helpers of the import tests: multipart bodies, waiting for a job, reading the org's accounts. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../platform/db/database.js';

export const MAVEN_ACCOUNTS = path.resolve('../shared/datasets/maven-crm/accounts.csv');

export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const boundary = `----luodi${randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface ImportJson {
  id: string;
  status: string;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  failedRows: number;
  processedRows: number;
  committedRows: number;
  totalRows: number | null;
  error: { code: string; message: string } | null;
  [k: string]: unknown;
}

export async function startImport(
  app: FastifyInstance,
  headers: Record<string, string>,
  file: { name: string; data: Buffer },
  fields: { mapping: Record<string, string>; dryRun?: boolean; duplicatePolicy?: string; objectType?: string; options?: object },
) {
  const body = multipart(
    {
      objectType: fields.objectType ?? 'accounts',
      mapping: JSON.stringify(fields.mapping),
      dryRun: String(fields.dryRun ?? false),
      duplicatePolicy: fields.duplicatePolicy ?? 'skip',
      ...(fields.options ? { options: JSON.stringify(fields.options) } : {}),
    },
    file,
  );
  return app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, ...body.headers }, payload: body.payload });
}

export async function waitForImport(app: FastifyInstance, headers: Record<string, string>, id: string, timeoutMs = 60_000): Promise<ImportJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers });
    expect(res.statusCode).toBe(200);
    const job = res.json() as ImportJson;
    if (['completed', 'validated', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Imports a file and waits for the result (expects 202). */
export async function importAndWait(...args: Parameters<typeof startImport>): Promise<ImportJson> {
  const res = await startImport(...args);
  expect(res.statusCode, res.body).toBe(202);
  return waitForImport(args[0], args[1], (res.json() as ImportJson).id);
}

export async function orgAccounts(database: Database, orgId: string) {
  const result = await database.withTenant(orgId, (tx) =>
    tx.execute(sql`select name, name_key, external_id, phone, industry, custom_fields, owner_id::text as owner_id from accounts where org_id = ${orgId}::uuid and deleted_at is null order by name, id`),
  );
  return (result as unknown as { rows: { name: string; name_key: string; external_id: string | null; phone: string | null; industry: string | null; custom_fields: Record<string, unknown>; owner_id: string }[] }).rows;
}
