// Lint: typescript-eslint's type-aware recommended rules plus the house rules of ../STYLE (no `any`,
// every promise awaited or handled, no wall clock or unseeded randomness in the simulation itself).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noClockOrRandom = {
  'no-restricted-properties': [
    'error',
    {
      object: 'Math',
      property: 'random',
      message: 'Simulation code draws from a seeded Rng (src/random/rng.ts).',
    },
    { object: 'Date', property: 'now', message: 'Simulation code runs on simulated time only.' },
    { object: 'performance', property: 'now', message: 'Simulation code runs on simulated time only.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date']",
      message: 'Simulation code runs on simulated time only.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'results/**', 'node_modules/**', 'docs/**', 'deploy/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON outputs back (JSON.parse gives `any`); the unsafe-any rules guard src/ only.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['src/engine/**', 'src/model/**', 'src/random/**'], rules: noClockOrRandom },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
