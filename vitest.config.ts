import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The repeated built-CLI runs of every shipped scenario (minutes) are `npm run validate` only.
    exclude: [...configDefaults.exclude, 'test/validation/cli-repeat.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
