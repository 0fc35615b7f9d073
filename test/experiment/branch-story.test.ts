// A branch story with hand-computed figures. 80,000 users on 4 active servers (admission 20,000 each)
// and a standby, fixed 100 h sessions, fixed 30 s reconnects and 60 s retries (backoff 1, jitter 0,
// unlimited); pc4 fails at 1h; the admin promotes after 15m. Checkpointed at 1h00m10s, branched with
// promoteStandbyAfter 5m, 15m and 30m. By hand: pc4's 20,000 users reconnect at 3,630 s and are
// refused (the survivors are full), then retry at 3,630 + 60k s; the promotion at 3,600 s + the
// reaction time lets all of them onto pc5 at the first retry after it: 3,930 s (5m), 4,530 s (15m),
// 5,430 s (30m), so recovery times 330, 930 and 1,830 s, after 5, 15 and 30 refused attempts each:
// 100,000, 300,000 and 600,000 refused sign-ins, 20,000 of them first attempts (the reconnects).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const STORY = `name: story
duration: 2h
topology:
  edition: enterprise
  pools:
    - name: pchat
      admissionLimitPerServer: 20000
      servers: [ { name: pc1 }, { name: pc2 }, { name: pc3 }, { name: pc4 }, { name: pc5, role: standby } ]
workload:
  initialConnected: 80000
  session: { dist: fixed, mean: 100h }
  initialSessions: fresh
  reconnectDelay: { dist: fixed, mean: 30s }
  retry: { delay: { dist: fixed, mean: 60s }, backoff: 1, jitter: 0, maxAttempts: unlimited }
faults: [ { at: 1h, fail: pc4 } ]
failover: { promoteStandbyAfter: 15m }
`;

interface Figures {
  recovery_s: (number | null)[];
  denied: number;
  firstRefused: number;
  promotedAt: string[];
}

function figures(dir: string): Figures {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    outages: { recovery_s: number | null }[];
    signIns: { denied: number; firstRefused: number };
  };
  const events = readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n');
  return {
    recovery_s: s.outages.map((o) => o.recovery_s),
    denied: s.signIns.denied,
    firstRefused: s.signIns.firstRefused,
    promotedAt: events.filter((l) => l.includes(',promote,')).map((l) => l.split(',')[0] as string),
  };
}

describe('a branch story with hand-computed figures', () => {
  it('promotes after 5m, 15m and 30m from the same state: recovery 330, 930 and 1,830 s', async () => {
    const dir = tempDir();
    const file = join(dir, 'story.yaml');
    writeFileSync(file, STORY);
    const run = join(dir, 'run');
    expect((await cli('run', file, '--checkpoint-at', '1h00m10s', '--out', run, '--quiet')).code).toBe(0);
    const out = join(dir, 'branches');
    const r = await cli(
      'branch',
      join(run, 'checkpoint.pchat'),
      '--set',
      'failover.promoteStandbyAfter=5m,15m,30m',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`wrote ${out}/: base and 3 branches from 3610 s, compare.csv, report.html`]);
    const key = 'failover.promoteStandbyAfter';
    expect(figures(join(out, `${key}=5m`))).toEqual({
      recovery_s: [330],
      denied: 100_000,
      firstRefused: 20_000,
      promotedAt: ['3900'],
    });
    expect(figures(join(out, `${key}=15m`))).toEqual({
      recovery_s: [930],
      denied: 300_000,
      firstRefused: 20_000,
      promotedAt: ['4500'],
    });
    expect(figures(join(out, `${key}=30m`))).toEqual({
      recovery_s: [1830],
      denied: 600_000,
      firstRefused: 20_000,
      promotedAt: ['5400'],
    });
    // The unchanged continuation is the straight run, and 15m (the checkpoint's own setting) is base.
    for (const f of ['timeline.csv', 'events.csv', 'summary.json']) {
      const straight = readFileSync(join(run, f), 'utf8');
      expect(readFileSync(join(out, 'base', f), 'utf8'), f).toBe(straight);
      expect(readFileSync(join(out, `${key}=15m`, f), 'utf8'), f).toBe(straight);
    }
    const compare = readFileSync(join(out, 'compare.csv'), 'utf8').split('\n');
    expect(compare[0]).toBe(
      `figure,base,${key}=5m,${key}=15m,${key}=30m,difference_${key}=5m,difference_ci95_lo_${key}=5m,difference_ci95_hi_${key}=5m,difference_${key}=15m,difference_ci95_lo_${key}=15m,difference_ci95_hi_${key}=15m,difference_${key}=30m,difference_ci95_lo_${key}=30m,difference_ci95_hi_${key}=30m`,
    );
    expect(compare.find((l) => l.startsWith('signIns.denied,'))).toBe(
      'signIns.denied,300000,100000,300000,600000,-200000,,,0,,,300000,,',
    );
    // The report names each run by its folder in the results, never the staging folder it ran in,
    // so the same branch gives the same report.html.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/partial/);
    expect(html).toContain(`<td>${key}=5m</td>`);
    const again = join(dir, 'again');
    const r2 = await cli(
      'branch',
      join(run, 'checkpoint.pchat'),
      '--set',
      `${key}=5m,15m,30m`,
      '--out',
      again,
    );
    expect(r2.code).toBe(0);
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toBe(html);
  });
});
