// Every figure of a single run's summary.json, declared once: the union of the four declaration
// files, checked by the compiler to name every path of the Summary type and nothing else.
import type { Figure } from './figure.js';
import { OUTAGE_FIGURES } from './outage-figures.js';
import { RUN_FIGURES } from './run-figures.js';
import { SERVER_FIGURES } from './server-figures.js';
import { WARNING_FIGURES } from './warning-figures.js';
import type { SummaryPath } from './summary-path.js';

/** summary.json's figures by path, in the order of the file. */
export const SUMMARY_FIGURES: Readonly<Record<SummaryPath, Figure>> = {
  ...RUN_FIGURES,
  ...SERVER_FIGURES,
  ...OUTAGE_FIGURES,
  ...WARNING_FIGURES,
} satisfies Record<SummaryPath, Figure>;
