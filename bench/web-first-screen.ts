/**
 * `npm run bench:web` — the web app's first screens (PRODUCT.md 5: interactive < 1.5 s on localhost, initial
 * JavaScript < 400 KB gzipped). Starts the real server with the built app (npm run build:web first) on a fresh
 * embedded database, then in headless Chromium loads, with an empty cache each time:
 *   the sign-in page, and the accounts list of a signed-in user;
 * and reports the JavaScript bytes on the wire (compressed) and the time until the page answers a click.
 */
import { openBrowser, startServer } from '../e2e/harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KB = 1024;

interface Sample {
  jsBytes: number;
  jsFiles: number;
  interactiveMs: number;
}

async function main() {
  const server = await startServer();
  try {
    // an organization to sign in to
    const setup = await fetch(`${server.baseUrl}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'create', organizationName: '基准测试公司', adminName: '管理员', email: 'bench@luodi.local', password: 'bench-passw0rd' }),
    });
    if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const [cookieName, cookieValue] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];

    const screens: { name: string; path: string; signedIn: boolean; ready: string }[] = [
      { name: 'sign-in', path: '/sign-in', signedIn: false, ready: 'sign-in-submit' },
      { name: 'accounts (signed in)', path: '/accounts', signedIn: true, ready: 'accounts-create' },
    ];
    for (const screen of screens) {
      const samples: Sample[] = [];
      for (let run = 0; run < RUNS; run++) {
        const session = await openBrowser(server.baseUrl);
        try {
          if (screen.signedIn) {
            await session.context.addCookies([{ name: cookieName, value: cookieValue, url: server.baseUrl }]);
          }
          const scripts: import('playwright-core').Request[] = [];
          session.page.on('requestfinished', (req) => {
            if (req.resourceType() === 'script') scripts.push(req);
          });
          const t0 = performance.now();
          await session.page.goto(screen.path);
          // interactive: the screen's main control is visible and receives a trial click
          await session.page.getByTestId(screen.ready).click({ trial: true });
          const interactiveMs = performance.now() - t0;
          let jsBytes = 0;
          for (const req of scripts) jsBytes += (await req.sizes()).responseBodySize;
          samples.push({ jsBytes, jsFiles: scripts.length, interactiveMs });
        } finally {
          await session.close();
        }
      }
      const times = samples.map((s) => s.interactiveMs).sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const js = samples[0]!;
      console.log(
        `${screen.name.padEnd(22)} JS ${(js.jsBytes / KB).toFixed(1)} KB compressed in ${js.jsFiles} files; ` +
          `interactive median ${median.toFixed(0)} ms, worst ${times[times.length - 1]!.toFixed(0)} ms (${RUNS} cold loads)`,
      );
      console.log(
        JSON.stringify({ bench: 'web-first-screen', screen: screen.name, jsKB: +(js.jsBytes / KB).toFixed(1), interactiveMedianMs: Math.round(median), budgetKB: 400, budgetMs: 1500 }),
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
