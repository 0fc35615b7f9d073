// validate lists every problem of a file in one round: the schema's and, where the keys it refused are
// ones the rules read nothing from, the rules' on the rest of the file.
import { describe, expect, it } from 'vitest';
import { scenarioProblems } from '../helpers.js';

const pool = (servers: number) => ({
  name: 'p',
  servers: Array.from({ length: servers }, (_, i) => ({ name: `pc${i + 1}` })),
});
const base = {
  name: 'x',
  duration: '2h',
  topology: { edition: 'enterprise', pools: [pool(5)] },
  workload: { initialConnected: 10 },
  faults: [{ at: '3h', fail: 'pc9' }],
};

describe('validate in one round', () => {
  it('lists a mistyped key, a bad value and every rule problem together', () => {
    const doc = { ...base, sampelEvery: '1m', workload: { initialConnected: 10, balancing: 'fastest' } };
    expect(scenarioProblems(doc)).toEqual([
      'x.yaml: workload.balancing: Invalid option: expected one of "least-connections", "round-robin", "random", "power-of-two-choices"; received "fastest"',
      'x.yaml: unknown key "sampelEvery" (did you mean "sampleEvery"?)',
      'x.yaml: topology.pools[0].servers[4].role: a pool has at most 4 active servers; received 5',
      'x.yaml: faults[0].at: a fault happens within the run (duration 7200s); received 10800s',
      'x.yaml: faults[0].fail: unknown server "pc9"; expected one of pc1, pc2, pc3, pc4, pc5',
    ]);
  });

  it('says only what the schema refused when the rules would read a refused key', () => {
    // With the run's length refused, "within the run" would be judged against a default of 8h.
    expect(scenarioProblems({ ...base, duration: '2 hours' })).toEqual([
      'x.yaml: duration: Invalid duration: expected a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"; received "2 hours"',
    ]);
  });
});
