// `npm run validate`: the theory checks of test/validation/ with more and longer replications
// (tighter confidence intervals) than the light versions `npm test` runs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/validation/**/*.test.ts'],
    env: { PCHAT_SIM_VALIDATE: '1' },
    testTimeout: 1_800_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
