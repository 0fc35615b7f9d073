// `npm run docs`: runs README and every docs page in the order shown, exactly as written, and rewrites
// every picture, quoted figure and excerpt of output from what the commands write (the docs test of
// `npm test` and `npm run validate` checks them).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/docs/docs-order.test.ts'],
    env: { PCHAT_SIM_VALIDATE: '1', PCHAT_SIM_DOCS: 'update' },
    testTimeout: 3_600_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
