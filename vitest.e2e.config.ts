import { defineConfig } from 'vitest/config';

// Browser journeys: Playwright (playwright-core) driving Debian's /usr/bin/chromium against a real server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // a page that loads after a navigation may take seconds on a busy 2-core machine; 1 s (the default) flaked
    expect: { poll: { timeout: 15_000 } },
  },
});
