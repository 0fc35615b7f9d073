import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { confidenceInterval } from '../../src/stats/student-t.js';
import { tempDir } from '../helpers.js';

/** A CSV as rows of cells (no quoting in these files). */
function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

const FILE = 'scenarios/n-minus-1-absorbed.yaml';

/** The content of a report's Warnings section. */
function warningsSection(html: string): string {
  return /<section id="warnings"><h2>Warnings<\/h2>\n([\s\S]*?)<\/section>/.exec(html)?.[1] ?? 'none found';
}

describe('compare', () => {
  it('pairs replications with the same seeds: differences with Student t intervals from replications.csv', async () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const args = ['run', 'scenarios/default.yaml', '--replications', '3', '--workers', '1', '--quiet'];
    expect((await cli(...args, '--duration', '6h', '--out', a)).code).toBe(0);
    expect((await cli(...args, '--duration', '5h30m', '--out', b)).code).toBe(0);
    const out = join(dir, 'cmp');
    const r = await cli('compare', a, b, '--out', out);
    expect(r.code).toBe(0);
    const rows = csv(join(out, 'compare.csv'));
    // Same scenario name twice: the runs are named by folder.
    expect(rows[0]).toEqual(['figure', 'a', 'b', 'difference', 'difference_ci95_lo', 'difference_ci95_hi']);
    const reps = (d: string): string[][] => csv(join(d, 'replications.csv'));
    const col = (t: string[][], name: string): number[] => {
      const i = (t[0] as string[]).indexOf(name);
      return t.slice(1).map((x) => Number(x[i]));
    };
    expect(reps(a)).toHaveLength(4);
    const figure = 'events_processed';
    const xa = col(reps(a), figure);
    const xb = col(reps(b), figure);
    const ci = confidenceInterval(xb.map((y, i) => y - (xa[i] as number)));
    const row = rows.find((x) => x[0] === figure) as string[];
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    expect(Number(row[1])).toBeCloseTo(mean(xa), 6);
    expect(Number(row[2])).toBeCloseTo(mean(xb), 6);
    expect(Number(row[3])).toBeCloseTo(mean(xb) - mean(xa), 6);
    expect(Number(row[4])).toBeCloseTo(ci.lo, 4);
    expect(Number(row[5])).toBeCloseTo(ci.hi, 4);
    expect(ci.hi).toBeLessThan(0); // a shorter run processes fewer events
  });

  it('compares a single run with a replicated one, without paired intervals', async () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    const rep = join(dir, 'rep');
    await cli('run', FILE, '--out', one, '--quiet');
    await cli(
      'run',
      'scenarios/standard-collocated.yaml',
      '--replications',
      '2',
      '--workers',
      '1',
      '--out',
      rep,
      '--quiet',
    );
    const r = await cli('compare', one, rep, '--out', join(dir, 'cmp'), '--quiet');
    // The two scenarios run for different lengths: said in one line.
    expect(r).toMatchObject({ code: 0, out: [] });
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^warning: the runs' windows \(warmup_s to duration_s\) differ: n-minus-1-absorbed 0-\d+ s, standard-collocated 0-\d+ s; their figures are not over the same span of time$/,
    );
    const rows = csv(join(dir, 'cmp', 'compare.csv'));
    expect(rows[0]?.slice(1, 3)).toEqual(['n-minus-1-absorbed', 'standard-collocated']);
    const peak = rows.find((x) => x[0] === 'connected.peak') as string[];
    expect(peak[4]).toBe('');
  });

  it("shows each run's warnings in report.html, worded as in the run's own report", async () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    const rep = join(dir, 'rep');
    expect((await cli('run', FILE, '--out', one, '--quiet')).code).toBe(0);
    const reps = ['--replications', '2', '--workers', '1', '--out', rep, '--quiet'];
    expect((await cli('run', 'scenarios/standard-collocated.yaml', ...reps)).code).toBe(0);
    expect((await cli('compare', one, rep, '--out', join(dir, 'cmp'), '--quiet')).code).toBe(0);
    const own = (d: string): string => warningsSection(readFileSync(join(d, 'report.html'), 'utf8'));
    const compared = warningsSection(readFileSync(join(dir, 'cmp', 'report.html'), 'utf8'));
    expect(compared).toBe(
      `<h3>n-minus-1-absorbed</h3>\n${own(one)}\n<h3>standard-collocated</h3>\n${own(rep)}`,
    );
    // pc4 fails at 1h: the three survivors are over 20,000 (compare.csv has their seconds too).
    expect(own(one).match(/<p class="warn">Server pc\d held more than the 20,000/g)).toHaveLength(3);
    expect(own(rep)).toBe(
      '<p>None: the scenario stays within every documented limit, and so did the run.</p>',
    );
    const seconds = csv(join(dir, 'cmp', 'compare.csv')).filter((x) => x[0]?.startsWith('warnings.'));
    expect(seconds.map((x) => x[0])).toEqual(
      ['pc1', 'pc2', 'pc3'].map((s) => `warnings.server-over-capacity.${s}.seconds`),
    );
  });

  it("words a replicated run's warnings with the scenario's own warm-up, as its report does", async () => {
    // The scenario's `warmup` key (no --warmup): the replicated summary's top-level warmup_s is null,
    // its metrics.warmup_s holds the 2 h.
    const dir = tempDir();
    const file = join(dir, 'warm.yaml');
    writeFileSync(
      file,
      [
        'name: warm',
        'seed: 3',
        'duration: 4h',
        'sampleEvery: 10m',
        'warmup: 2h',
        'topology:',
        '  edition: standard',
        '  pools:',
        '    - { name: p, capacityPerServer: 20000, servers: [{ name: s1, site: dc1 }] }',
        'workload:',
        '  arrivals: { rate: 0.1 }',
        '  session: { dist: exponential, mean: 1h }',
      ].join('\n'),
    );
    const one = join(dir, 'one');
    const rep = join(dir, 'rep');
    expect((await cli('run', FILE, '--out', one, '--quiet')).code).toBe(0);
    const reps = ['--replications', '2', '--workers', '1', '--out', rep, '--quiet'];
    expect((await cli('run', file, ...reps)).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(rep, 'summary.json'), 'utf8')) as {
      warmup_s: unknown;
      metrics: { warmup_s: { mean: number } };
    };
    // The warm-up used, from the scenario's key, at the top as in the metrics.
    expect([summary.warmup_s, summary.metrics.warmup_s.mean]).toEqual([7200, 7200]);
    expect((await cli('compare', one, rep, '--out', join(dir, 'cmp'), '--quiet')).code).toBe(0);
    const own = warningsSection(readFileSync(join(rep, 'report.html'), 'utf8'));
    expect(own).toBe(
      '<p>None: the scenario stays within every documented limit, and so did the run after its warm-up (2h00m00s).</p>',
    );
    const compared = warningsSection(readFileSync(join(dir, 'cmp', 'report.html'), 'utf8'));
    expect(compared.endsWith(`<h3>warm</h3>\n${own}`)).toBe(true);
  });

  it('refuses fewer than two folders or a folder that is not a run, exit 2, one line', async () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    await cli('run', FILE, '--out', one, '--quiet');
    expect((await cli('compare', one)).err[0]).toBe('compare: name at least two result folders');
    const r = await cli('compare', one, join(dir, 'nothing'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`${join(dir, 'nothing')}: no summary.json (not the results folder of a run)`);
  });
});
