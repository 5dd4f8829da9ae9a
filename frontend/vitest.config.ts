import { defineConfig } from 'vitest/config';

// Unit tests: pure TypeScript modules, no browser. The end-to-end tests in
// e2e/ have their own configuration (e2e/vitest.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
