// plan through the built CLI on the hand-computed templates: the answer a planner signs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentLine } from '../../src/experiment/plan/plan-text.js';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';

/** `pchat-sim plan <yaml> ...args` through dist/cli/main.js: exit code, stdout lines, stderr, plan.txt, plan.csv rows. */
function plan(
  yaml: string,
  ...args: string[]
): { code: number | null; out: string[]; err: string; txt: string; csv: string[][] } {
  const dir = tempDir();
  const file = join(dir, 't.yaml');
  writeFileSync(file, yaml);
  const out = join(dir, 'o');
  const r = spawnSync(process.execPath, [BUILT_CLI, 'plan', file, '--out', out, ...args], {
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
