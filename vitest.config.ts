import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,main,shared,renderer}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
