import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The repeated built-CLI runs of every shipped scenario (minutes) and the heavy output-safety
    // cases (a sweep at the grid limit, real full tmpfs) are `npm run validate` only.
    exclude: [
      ...configDefaults.exclude,
      'test/validation/cli-repeat.test.ts',
      'test/validation/reliability.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
