import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    // Each test boots real machines on the real engine; give them room on a 2-core runner.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
