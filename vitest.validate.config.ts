// `npm run validate`: the theory checks of test/validation/ with more and longer replications
// (tighter confidence intervals) than the light versions `npm test` runs, and the documented command
// lines (help examples, README and docs pages) exactly as written, their pictures and quotes checked.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/validation/**/*.test.ts', 'test/docs/**/*.test.ts'],
    env: { PCHAT_SIM_VALIDATE: '1' },
    testTimeout: 1_800_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
