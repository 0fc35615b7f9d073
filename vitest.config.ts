import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The repeated built-CLI runs of every shipped scenario and their split runs (minutes), the heavy
    // output-safety cases (a sweep at the grid limit, real full tmpfs) and plan's coverage gate
    // (thousands of runs) are `npm run validate` only.
    exclude: [
      ...configDefaults.exclude,
      'test/validation/cli-repeat.test.ts',
      'test/validation/reliability.test.ts',
      'test/validation/split-run.test.ts',
      'test/validation/branch-retime.test.ts',
      'test/validation/world-state.test.ts',
      'test/validation/plan-coverage.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    // One test file per core: vitest's default leaves one core of two idle while most files run
    // single-threaded work.
    maxWorkers: '100%',
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
