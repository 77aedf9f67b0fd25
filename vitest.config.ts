import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests pin the time zone; each opens its own temporary database.
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // says once when the browser tests are skipped (no Chromium) and how to run them
    globalSetup: ['tests/globalSetup.ts'],
  },
});
