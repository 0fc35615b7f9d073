// The figures a replicated run's summary.json adds around the single run's: what the experiment was,
// and per warning in how many replications it occurred. Its `metrics` and `outagesByOrder` hold the
// single run's figures (summary-figures.ts) as statistics, its `steadyState` the timeline's columns.
import type { Figure } from './figure.js';

export const EXPERIMENT_FIGURES = {
  scenario: { kind: 'id', unit: 'none', label: 'scenario', meaning: "the scenario's `name`." },
  seed: { kind: 'id', unit: 'none', label: 'seed', meaning: "the scenario's seed (replication 0's)." },
  replications: {
    kind: 'setting',
    unit: 'replications',
    label: 'replications',
    meaning: 'how many replications the figures are taken over.',
    wordings: { short: 'runs' },
  },
  seeds: { kind: 'list', unit: 'none', label: 'seeds', meaning: "each replication's seed, in order." },
  'seeds[]': { kind: 'id', unit: 'none', label: 'seed', meaning: "a replication's seed." },
  confidence: {
    kind: 'setting',
    unit: 'fraction',
    label: 'confidence',
    meaning: 'the confidence level of every interval (0.95).',
  },
  warmup_s: {
    kind: 'setting',
    unit: 's',
    label: '--warmup',
    meaning:
      "`--warmup` in seconds, or null when not given (the scenario's own `warmup` is `metrics.warmup_s`).",
  },
  'warnings[].occurred': {
    kind: 'count',
    unit: 'replications',
    label: 'replications with it',
    meaning: 'the replications that had the warning.',
  },
  'warnings[].of': {
    kind: 'setting',
    unit: 'replications',
    label: 'replications',
    meaning: 'the replications in all.',
  },
} as const satisfies Record<string, Figure>;
