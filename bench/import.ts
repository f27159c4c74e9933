/**
 * `npm run bench:import` — import throughput (PRODUCT.md 5: ≥ 5,000 rows/s with duplicate checks, 2 cores,
 * PostgreSQL server).
 *
 * Generates a deterministic 100k-row CSV of realistic Chinese companies (name, credit code, phone, email,
 * industry, address, notes; ~3% duplicates spelled differently, e.g. "（集团）" added or full-width) into a
 * temporary file, creates a fresh organization, streams the file into import_file_chunks (as the upload
 * does) and runs the import job (duplicate checks by name key, credit code, phone and email; policy skip;
 * batches of 1000). Reports rows/s (upload + run, and run alone), the result counters and peak RSS
 * (process.memoryUsage().rss sampled every 50 ms).
 *
 * Engine: DATABASE_URL set → PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/luodi_bench); else an
 * in-memory PGlite. BENCH_ROWS (default 100000), BENCH_BATCH (default 1000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/platform/db/database.js';
import { systemClock } from '../src/server/platform/deps.js';
import type { Actor } from '../src/server/platform/auth/actor.js';
import { createOrganization } from '../src/server/modules/organizations/organizations.service.js';
import { runImport } from '../src/server/modules/imports/imports.processor.js';
import { createImportsService } from '../src/server/modules/imports/imports.service.js';
import { importPorts } from '../src/server/modules/imports/imports.wiring.js';
import { seededRandom } from './lib/random.js';

const ROWS = Number(process.env.BENCH_ROWS) || 100_000;
const BATCH = Number(process.env.BENCH_BATCH) || 1000;

const rng = seededRandom;

const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '苏州', '成都', '武汉', '南京', '天津', '重庆', '西安', '宁波', '青岛', '厦门', '长沙'];
const WORDS = ['华东', '远景', '恒通', '博达', '鑫源', '瑞丰', '德胜', '新元', '天成', '宏图', '金桥', '联创', '海纳', '中科', '东方', '盛世', '蓝海', '卓越', '汇通', '永信'];
const TRADES = ['科技', '贸易', '机械', '医疗器械', '物流', '信息技术', '电子', '新材料', '环保', '食品', '建材', '化工', '软件', '能源'];
const FORMS = ['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];
const INDUSTRIES = ['制造业', '批发零售', '信息技术', '医疗健康', '物流运输', '建筑', '能源', '金融服务', '教育', '农业'];
const ROADS = ['人民路', '中山路', '建设大道', '科技园路', '解放路', '长江路', '创业大道', '滨江大道'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(r: () => number): string {
  const base = ['9', '1', ...Array.from({ length: 6 }, () => String(Math.floor(r() * 10))), ...Array.from({ length: 9 }, () => CODE_CHARS[Math.floor(r() * 31)]!)];
  let sum = 0;
  base.forEach((c, i) => (sum += CODE_CHARS.indexOf(c) * (3 ** i % 31)));
  const check = (31 - (sum % 31)) % 31;
  return base.join('') + CODE_CHARS[check]!;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes the CSV; returns the path and how many rows are deliberate duplicates. */
async function generate(file: string): Promise<number> {
  const r = rng(20260105);
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res())));
  await write('\ufeff客户名称,统一社会信用代码,电话,邮箱,行业,地址,备注\r\n');
  const earlier: string[][] = [];
  let duplicates = 0;
  for (let i = 0; i < ROWS; i++) {
    let row: string[];
    if (earlier.length > 100 && r() < 0.03) {
      // the same company again, spelled differently (the name key matches)
      const orig = earlier[Math.floor(r() * earlier.length)]!;
      const name = r() < 0.5 ? orig[0]!.replace(/(有限公司|股份有限公司|有限责任公司|集团有限公司)$/, '（集团）$1') : orig[0]!.replace(/(\d+)/, (d) => d.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
      row = [name, '', '', '', orig[4]!, orig[5]!, '重复录入'];
      duplicates++;
    } else {
      const city = CITIES[Math.floor(r() * CITIES.length)]!;
      const name = `${city}${WORDS[Math.floor(r() * WORDS.length)]}${TRADES[Math.floor(r() * TRADES.length)]}${i}${FORMS[Math.floor(r() * FORMS.length)]}`;
      const mobile = `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
      row = [
        name,
        r() < 0.7 ? creditCode(r) : '',
        r() < 0.8 ? mobile : '',
        r() < 0.5 ? `contact${i}@example${Math.floor(r() * 500)}.cn` : '',
        INDUSTRIES[Math.floor(r() * INDUSTRIES.length)]!,
        `${city}市${ROADS[Math.floor(r() * ROADS.length)]}${1 + Math.floor(r() * 999)}号`,
        r() < 0.2 ? '来自展会, 意向较强' : '',
      ];
      if (earlier.length < 5000) earlier.push(row);
      else if (r() < 0.05) earlier[Math.floor(r() * earlier.length)] = row;
    }
    await write(row.map(csvCell).join(',') + '\r\n');
  }
  await new Promise<void>((res) => out.end(() => res()));
  return duplicates;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-bench-import-'));
  const file = path.join(tmp, 'accounts-100k.csv');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  sampler.unref();
  try {
    const genStart = Date.now();
    const duplicates = await generate(file);
    const size = fs.statSync(file).size;
    console.log(`generated ${ROWS} rows (${duplicates} duplicates), ${(size / 1e6).toFixed(1)} MB in ${Date.now() - genStart} ms`);

    const databaseUrl = process.env.DATABASE_URL;
    const database = await openDatabase({ databaseUrl });
    await database.migrate();
    const org = await createOrganization(database, {
      name: `导入压测-${Date.now()}`,
      admin: { displayName: '管理员', email: `bench-${Date.now()}@bench.luodi.local`, password: 'Bench-Passw0rd' },
    });
    const actor = { orgId: org.orgId, userId: org.adminUserId, permissions: { accounts: ['import'] } } as unknown as Actor;
    const deps = { database, clock: systemClock };
    const ports = importPorts(deps);
    const service = createImportsService({ ...deps, customFields: ports.customFields, dispatch: async () => {} });
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;

    const t0 = Date.now();
    const job = await service.create(
      actor,
      async (store) => {
        await store({ fileName: 'accounts-100k.csv', stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }) });
        return () => ({
          objectType: 'accounts',
          mapping: { 客户名称: 'name', 统一社会信用代码: 'creditCode', 电话: 'phone', 邮箱: 'email', 行业: 'industry', 地址: 'address', 备注: 'notes' },
          dryRun: false,
          duplicatePolicy: 'skip',
        });
      },
      'zh-CN',
    );
    const t1 = Date.now();
    const done = await runImport({ ...deps, ...ports, batchSize: BATCH }, org.orgId, job.id);
    const t2 = Date.now();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      JSON.stringify(
        {
          engine: database.kind,
          rows: ROWS,
          batch: BATCH,
          status: done?.status,
          created: done?.createdRows,
          skipped: done?.skippedRows,
          failed: done?.failedRows,
          uploadMs: t1 - t0,
          runMs: t2 - t1,
          rowsPerSecondOverall: Math.round(ROWS / ((t2 - t0) / 1000)),
          rowsPerSecondRun: Math.round(ROWS / ((t2 - t1) / 1000)),
          rssBefore: mb(rssBefore),
          peakRss: mb(peakRss),
        },
        null,
        2,
      ),
    );
    await database.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
