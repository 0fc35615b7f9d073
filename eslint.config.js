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

/**
 * One-way rooms: `cli → scenario, io, experiment → model → engine, random, stats`, and inside
 * experiment `run → aggregate → shards → replications → sweep → plan`, with `combine` (merge, compare)
 * on top and `branch` (from a checkpoint, compared) above it. Each room lists the rooms above it; importing one of them fails `npm run check`.
 */
const above = {
  engine: ['random', 'stats', 'model', 'scenario', 'io', 'experiment', 'cli'],
  random: ['engine', 'stats', 'model', 'scenario', 'io', 'experiment', 'cli'],
  stats: ['engine', 'model', 'scenario', 'io', 'experiment', 'cli'],
  model: ['scenario', 'io', 'experiment', 'cli'],
  scenario: ['io', 'experiment', 'cli'],
  io: ['scenario', 'experiment', 'cli'],
  experiment: ['cli'],
};
const experimentAbove = {
  run: ['aggregate', 'shards', 'replications', 'sweep', 'plan', 'combine', 'branch'],
  aggregate: ['shards', 'replications', 'sweep', 'plan', 'combine', 'branch'],
  shards: ['replications', 'sweep', 'plan', 'combine', 'branch'],
  replications: ['sweep', 'plan', 'combine', 'branch'],
  sweep: ['plan', 'combine', 'branch'],
  plan: ['combine', 'branch'],
  combine: ['branch'],
  branch: [],
};
/**
 * The engine's face for the rooms above it: the Simulator (SimPy's verbs), its HotPath (the speed doors
 * of a per-event path), the entity record's words, discardBuffers. Its insides stay its own.
 */
const engineInsides = {
  regex:
    '^(\\.\\./)+engine/(event-queue|ladder|bottom|bottom-heap|run-maker|chunk-store|engine-errors|queue-[a-z-]+)\\.js$',
  message: 'Above the engine, use Simulator and its hotPath (ARCHITECTURE.md, "The engine and its port").',
};
const upward = (rooms, siblings = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(rooms.includes('engine') ? [] : [engineInsides]),
        {
          regex: `^(\\.\\./)+(${rooms.join('|')})/`,
          message: 'Rooms import downward only (ARCHITECTURE.md, "The rooms and their one-way arrows").',
        },
        ...(siblings.length === 0
          ? []
          : [
              {
                regex: `^\\.\\./(${siblings.join('|')})/`,
                message: 'experiment/ rooms import downward only (ARCHITECTURE.md, "The rooms").',
              },
            ]),
      ],
    },
  ],
});
const roomRules = [
  ...Object.entries(above)
    .filter(([room]) => room !== 'experiment')
    .map(([room, rooms]) => ({ files: [`src/${room}/**`], rules: upward(rooms) })),
  ...Object.entries(experimentAbove).map(([room, siblings]) => ({
    files: [`src/experiment/${room}/**`],
    rules: upward(above.experiment, siblings),
  })),
];

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
  {
    // STYLE.md's sizes: a file under 300 lines, a function under 40 (up to about 60 where a split would
    // hurt reading, with `// eslint-disable-next-line max-lines-per-function -- <why>`).
    files: ['src/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
    },
  },
  ...roomRules,
  { files: ['eslint.config.js', '.githooks/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
