// plan through the built CLI on the hand-computed templates: the answer a planner signs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentLine } from '../../src/experiment/plan/plan-text.js';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';

/** `pchat-sim <command> <yaml> ...args` through dist/cli/main.js: exit code, stdout lines, stderr, plan.txt, plan.csv rows. */
function plan(
  yaml: string,
  ...args: string[]
): { code: number | null; out: string[]; err: string; txt: string; csv: string[][]; dir: string } {
  const dir = tempDir();
  const file = join(dir, 't.yaml');
  writeFileSync(file, yaml);
  const out = join(dir, 'o');
  const command = args[0] === 'run' ? args.splice(0, 1) : ['plan'];
  const r = spawnSync(process.execPath, [BUILT_CLI, ...command, file, '--out', out, ...args], {
    encoding: 'utf8',
  });
  const read = (f: string): string => {
    try {
      return readFileSync(join(out, f), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    dir: out,
    code: r.status,
    out: r.stdout.trim().split('\n'),
    err: r.stderr,
    txt: read('plan.txt'),
    csv: read('plan.csv')
      .trim()
      .split('\n')
      .map((l) => l.split(',')),
  };
}

/** Four active servers admitting 20,000 each, sessions longer than any run, reconnects 30 s after a cut, no retries. */
function pool(name: string, site: string): string {
  const servers = [1, 2, 3, 4].map((i) => `{ name: ${name}${i}, site: ${site} }`).join(', ');
  return `    - name: ${name}\n      admissionLimitPerServer: 20000\n      servers: [${servers}]\n`;
}
const DETERMINISTIC = `workload:
  initialConnected: USERS
  initialSessions: fresh
  session: { dist: fixed, mean: 100h }
  reconnectDelay: { dist: fixed, mean: 30s }
  retry: { maxAttempts: 0 }
`;

/** The diluted template: 4 active of 2,000 + 1 standby, 6,000 users, pc4 failing at 1 h. */
const dilution = (duration: string): string => `name: dilution
seed: 3
duration: ${duration}
sampleEvery: 5m
topology:
  edition: enterprise
  pools:
    - name: pchat
      capacityPerServer: 2000
      admissionLimitPerServer: 2000
      servers: [{ name: pc1, site: dc1 }, { name: pc2, site: dc1 }, { name: pc3, site: dc1 }, { name: pc4, site: dc1 }, { name: pc5, site: dc1, role: standby }]
workload:
  arrivals: { rate: 0.8333 }
  session: { dist: exponential, mean: 2h }
  initialConnected: 6000
  reconnectDelay: { dist: exponential, mean: 30s }
faults: [{ at: 1h, fail: pc4 }]
failover: { promoteStandbyAfter: 15m }
`;

describe('plan judges the failure, not the run', () => {
  beforeAll(ensureBuilt, 120_000);

  it('gives a 2 h and a 48 h run of one template the same window figures and the same answer', () => {
    const window = (d: string): unknown => {
      const r = plan(dilution(d), 'run', '--quiet');
      expect(r.code).toBe(0);
      const s = JSON.parse(readFileSync(join(r.dir, 'summary.json'), 'utf8')) as {
        outages: { window: unknown }[];
      };
      return s.outages.map((o) => o.window);
    };
    expect(window('48h')).toEqual(window('2h'));
    // A 1 h window (everyone is back within minutes), a coarse resolution and at most 5 runs a row keep
    // the plans short; the sizing rows are all there.
    const args = ['--users', '6000', '--window', '1h', '--resolution', '2000', '--max-replications', '5'];
    const [short, long] = ['2h', '48h'].map((d) => plan(dilution(d), ...args));
    expect(short?.code).toBe(0);
    expect(long?.csv).toEqual(short?.csv);
    // The same text but for the file's name on its first line.
    expect(long?.txt.split('\n').slice(1)).toEqual(short?.txt.split('\n').slice(1));
    expect(short?.txt).toContain('every row runs 4,500 s after the failure');
    // Within the window a few percent of the first sign-ins are refused even with the standby promoted: a miss.
    expect(short?.txt).toContain(
      'answer for pool pchat, 6,000 users with 1 failed:\n  no server count within the documented limits',
    );
  });

  it('fails users lost for good by default: 40,000 users fit 3 active, 40,040 lose 40 of 13,346 affected', () => {
    const yaml = `name: lost\nduration: 3h\nsampleEvery: 10m\ntopology:\n  edition: enterprise\n  pools:\n${pool('pc', 'dc1')}${DETERMINISTIC.replace('USERS', '40000')}faults: [{ at: 1h, fail: pc4 }]\n`;
    const args = [
      '--replications',
      '1',
      '--max-replications',
      '1',
      '--workers',
      '2',
      '--resolution',
      '20000',
    ];
    // 3 active of 13,333: the failed one's 13,334 reconnect into the survivors' 13,334 free places.
    const fits = plan(yaml, '--users', '40000', ...args);
    expect(fits.code).toBe(0);
    expect(fits.txt).toContain(
      'answer for pool pc, 40,000 users with 1 failed:\n  3 active servers: the smallest count',
    );
    // 3 active of 13,347, 13,347 and 13,346: 40 of the failed one's 13,346 find no place among the
    // survivors' 13,306 free; over all 40,040 users 0.0999% would pass, over the affected it is 0.300%:
    // a miss, and 4 active are needed.
    const short = plan(yaml, '--users', '40040', ...args);
    expect(short.txt).toContain(
      'answer for pool pc, 40,040 users with 1 failed:\n  4 active servers: the smallest count',
    );
    expect(short.txt).toContain(
      "users lost ≤ 0.1%: the worst outage's share of its affected users who still wanted service",
    );
    const row = short.out.find((l) => /^size +3 /.test(l)) ?? '';
    expect(row).toContain('0.300% of 13,346');
    expect(row).toMatch(/ no\b/);
  });
});

describe('plan, the deployment as a whole', () => {
  beforeAll(ensureBuilt, 120_000);

  it('says first that 120,000 concurrent users is over the 80,000 across all pools, then sizes each pool', () => {
    const yaml = `name: two-pools\nduration: 2h\nsampleEvery: 10m\ntopology:\n  edition: enterprise\n  pools:\n${pool('east', 'dc1')}${pool('west', 'dc2')}${DETERMINISTIC.replace('USERS', '120000')}faults: [{ at: 1h, fail: east4 }]\n`;
    // Deterministic: every replication is the same, so one per candidate.
    const r = plan(
      yaml,
      '--users',
      '120000',
      '--resolution',
      '20000',
      '--replications',
      '1',
      '--max-replications',
      '1',
      '--workers',
      '2',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const first =
      '120,000 concurrent users is over the 80,000 supported across all pools [doc]: no server count makes that supported.';
    expect(r.out[0]).toBe(first);
    expect(r.txt.split('\n')[0]).toBe(first);
    // Each pool has 60,000: three survivors take pc4's 15,000 up to exactly 20,000 each, so 4 active.
    for (const p of ['east', 'west']) {
      expect(r.txt).toContain(
        `answer for pool ${p}, 60,000 users with 1 failed:\n  4 active servers: the smallest count that meets the targets (unsupported as a whole).`,
      );
      expect(r.txt).toContain(
        `largest user count on the scenario's own servers in pool ${p} (4 active + 0 standby), to the nearest 20,000: 60,000 with 1 failed; 80,000 with none (unsupported as a whole).`,
      );
    }
    // The answer comes before how it was judged, and that before the evidence.
    const at = (s: string): number => r.txt.indexOf(s);
    expect(at('answer for pool east')).toBeLessThan(at('how it was judged:'));
    expect(at('how it was judged:')).toBeLessThan(at('evidence ('));
  });

  it('names the 150,000 users that can be enabled when more are asked for, and nothing within 80,000', () => {
    expect(deploymentLine(160000)).toBe(
      '160,000 concurrent users is over the 80,000 supported across all pools [doc]: no server count makes that supported; it is also over the 150,000 users that can be enabled for Persistent Chat [doc], so not all of them could even sign in.',
    );
    expect(deploymentLine(80001)).toMatch(/^80,001 concurrent users is over the 80,000/);
    expect(deploymentLine(80000)).toBeNull();
    expect(deploymentLine(null)).toBeNull();
  });
});
