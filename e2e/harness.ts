/**
 * Starts a real Luodi server (built web app, fresh embedded database in a temp dir) and a headless
 * Chromium driven by playwright-core, for the browser journeys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RunningServer {
  baseUrl: string;
  /** the server's LUODI_DATA_DIR (a temp dir of its own unless one was passed in) */
  dataDir: string;
  pid: number;
  /** SIGTERM (graceful shutdown); removes the data dir unless it was passed in */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once (no shutdown, the data dir and its lock file are left as they are) */
  kill(): Promise<void>;
}

export interface StartServerOptions {
  /** run on this data dir (kept on stop/kill) instead of a fresh temp dir (deleted on stop) */
  dataDir?: string;
  /** false: do not require the built web app (API-only journeys) */
  web?: boolean;
}

export async function startServer(env: Record<string, string> = {}, opts: StartServerOptions = {}): Promise<RunningServer> {
  if (opts.web !== false && !fs.existsSync(path.resolve('dist/web/index.html'))) throw new Error('Build the web app first: npm run build:web');
  const port = await freePort();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luodi-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LUODI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not become healthy in 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    baseUrl,
    dataDir,
    pid: child.pid!,
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      if (alive()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(baseUrl: string, opts: { width?: number; height?: number } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { browser, context, page, close: () => browser.close() };
}
