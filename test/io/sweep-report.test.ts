// sweep writes report.html beside sweep.csv and chart-sweep.svg: the swept keys, every point's key
// figures with intervals, the chart of the figure-per-point block (titles on one line, coinciding lines
// named in the legend), and with plan's targets the first point meeting them all, marked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriesNames } from '../../src/io/charts/figure-points-spec.js';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';
import { textMarks } from './svg-text-boxes.js';

const SWEEP = [
  ...['sweep', 'scenarios/n-minus-1-refused.yaml', '--set', 'users=40000..80000:20000'],
  ...['--set', 'topology.pools[0].admissionLimitPerServer=20000,25000,30000', '--replications', '1'],
];

describe('sweep report', () => {
  it('marks the first point meeting every target, in the report, the chart and on the terminal', async () => {
    const out = join(tempDir(), 's');
    const r = await cli(...SWEEP, '--max-blocking', '0.1%', '--max-over-capacity', '0s', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'first point that meets every target: 0 (users=40000, topology.pools[0].admissionLimitPerServer=20000; report.html)',
    );
    for (const f of ['sweep.csv', 'chart-sweep.svg', 'report.html'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<tr class="first"><th scope="row">0</th>');
    expect(html).toContain('first sign-ins refused (blocking) at most 0.1%');
    expect(html).toContain('(users=40000, topology.pools[0].admissionLimitPerServer=20000)');
    const svg = readFileSync(join(out, 'chart-sweep.svg'), 'utf8');
    expect(svg).toContain('ringed: the first point that meets every target');
    // 25,000 and 30,000 carry 80,000 users alike, and are named so in the legend.
    expect(svg).toMatch(/30000 \(same as 25000 in [^)]*\)/);
    // The three panel titles share one baseline.
    const titles = textMarks(svg, true).filter((t) =>
      [
        'first sign-ins refused (blocking)',
        'share of users lost',
        'worst server: hours over capacity',
      ].includes(t.text),
    );
    expect(titles).toHaveLength(3);
    expect(new Set(titles.map((t) => t.bottom)).size).toBe(1);
  });

  it('without targets writes the report and no verdict; with --shard it refuses targets', async () => {
    const out = join(tempDir(), 's');
    expect((await cli(...SWEEP, '--out', out, '--quiet')).code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<p>No targets given');
    const r = await cli(...SWEEP, '--max-lost', '1%', '--shard', '0/2', '--out', join(out, 'x'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^--shard: a sharded sweep is judged by no targets/);
    const bad = await cli(...SWEEP, '--max-blocking', '0.1', '--out', join(out, 'y'));
    expect([bad.code, bad.err[0]]).toEqual([
      2,
      '--max-blocking: a percentage needs its % sign: write 0.1% or 10%; received "0.1"',
    ]);
  });

  it('names a line that coincides with an earlier one, panel by panel', () => {
    const p = (series: string, mean: number) => ({ x: 1, series, mean, lo: mean, hi: mean });
    const names = seriesNames({
      title: '',
      subtitle: '',
      xTitle: '',
      numeric: true,
      seriesTitle: 'k',
      figures: [
        { title: 'a', points: [p('1', 0), p('2', 0), p('3', 1)] },
        { title: 'b', points: [p('1', 0), p('2', 5), p('3', 5)] },
      ],
    });
    expect([...names.values()]).toEqual(['1', '2 (same as 1 in a)', '3 (same as 2 in b)']);
  });
});
