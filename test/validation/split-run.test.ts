// `npm run validate`: split-run equivalence through the built CLI for every shipped scenario, at three
// instants (before its first scheduled fault or action, while it is in effect, after the last one;
// a quarter, half and three quarters of the run without scheduled ones), single and replicated (2
// replications on 2 workers): `run --checkpoint-at`, a chain of `branch --checkpoint-at`, a last
// `branch`, every folder with the straight run's files byte for byte. vitest.config.ts leaves this
// file out of `npm test`, which runs three scenarios (test/cli/branch.test.ts).
import { readdirSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import type { SimConfig } from '../../src/model/config.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { expectSameRun, splitChain } from '../cli/split-run.js';

/** Before, during and after the scheduled faults and actions (seconds, ascending, within the run). */
function instants(c: SimConfig): number[] {
  const d = c.durationS;
  const at = [...new Set(c.faults.map((f) => f.at))].sort((a, b) => a - b);
  const first = at[0];
  if (first === undefined) return [d / 4, d / 2, (3 * d) / 4];
  const next = at[1] ?? d;
  const last = at.at(-1) as number;
  return [first / 2, first + Math.min(600, (next - first) / 2), (last + d) / 2].map((t) => Math.round(t));
}

const names = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('split-run equivalence of every shipped scenario through the built CLI', () => {
  beforeAll(ensureBuilt, 120_000);
  for (const name of names) {
    const file = `scenarios/${name}.yaml`;
    it(`${name}: single, at three instants`, async () => {
      expectSameRun(splitChain(file, instants(await loadScenario(file))));
    });
    it(`${name}: 2 replications, at three instants`, async () => {
      expectSameRun(
        splitChain(file, instants(await loadScenario(file)), ['--replications', '2', '--workers', '2']),
      );
    });
  }
});
