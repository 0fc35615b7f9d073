// The figures of summary.json about the documented limits passed: the scenario's own and those the
// simulated load passed in the run (warnings). Declared once; see figure.ts for what a declaration says.
import type { Figure } from './figure.js';
import type { SummaryPath } from './summary-path.js';

export const WARNING_FIGURES = {
  warnings: {
    kind: 'list',
    unit: 'none',
    label: 'warnings',
    meaning:
      "the documented limits the scenario's configuration passes, then those the simulated load passed in the run (codes and figures in [Warnings](#warnings)).",
  },
  'warnings[].code': {
    kind: 'text',
    unit: 'none',
    label: 'code',
    meaning: 'which limit (see [Warnings](#warnings)).',
  },
  'warnings[].subject': {
    kind: 'text',
    unit: 'none',
    label: 'subject',
    meaning: 'what it is about: a scenario key, a server, or `all pools`.',
  },
  'warnings[].message': {
    kind: 'text',
    unit: 'none',
    label: 'warning',
    meaning: 'a sentence citing the documented fact.',
  },
  'warnings[].limit': {
    kind: 'setting',
    unit: 'users',
    label: 'limit',
    meaning: 'the documented limit.',
  },
  'warnings[].value': {
    kind: 'setting',
    unit: 'none',
    label: 'value',
    meaning: "a scenario warning's value in the scenario.",
  },
  'warnings[].firstAt_s': {
    kind: 'instant',
    unit: 's',
    label: 'first above the limit',
    meaning: "when the load first went above `limit` in the run (the window's start if it already was).",
  },
  'warnings[].seconds': {
    kind: 'span',
    unit: 's',
    label: 'time above the limit',
    meaning:
      "a load warning's time above its limit in the run: seconds with more users than `limit` (integrated exactly from event to event, not sampled).",
    cutShort: "cut by the run's end when `atEnd` is true.",
  },
  'warnings[].peak': {
    kind: 'count',
    unit: 'users',
    label: 'peak',
    meaning: "the most users at once (a server's `peak`, or `connected.peak` across all pools).",
  },
  'warnings[].atEnd': {
    kind: 'yesno',
    unit: 'none',
    label: 'above the limit at the end',
    meaning: 'still above the limit when the run ended.',
  },
} as const satisfies Partial<Record<SummaryPath, Figure>>;
