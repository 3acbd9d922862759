import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,main,shared,renderer}/**/*.test.{ts,tsx}'],
    // Component tests opt in to a DOM with `// @vitest-environment happy-dom`.
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['app/test/build-workers.ts'],
  },
});
