import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The repeated built-CLI runs of every shipped scenario and their split runs (minutes) and the heavy
    // output-safety cases (a sweep at the grid limit, real full tmpfs) are `npm run validate` only.
    exclude: [
      ...configDefaults.exclude,
      'test/validation/cli-repeat.test.ts',
      'test/validation/reliability.test.ts',
      'test/validation/split-run.test.ts',
      'test/validation/world-state.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
