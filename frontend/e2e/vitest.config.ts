import { defineConfig } from 'vitest/config';

// End-to-end tests: headless Debian chromium driven by playwright-core
// against the real hub binary (e2e/hub.ts starts it). Files run one after
// another; each test signs in through the dev identity provider.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['./hub.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    environment: 'node',
  },
});
