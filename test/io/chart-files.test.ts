import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBands } from '../../src/io/charts/bands-file.js';
import { readEvents } from '../../src/io/charts/events-file.js';
import { readSweepTable, sweepChartInput } from '../../src/io/charts/sweep-file.js';
import { readTimeline, timelineFromRows } from '../../src/io/charts/timeline-file.js';
import { tempDir } from '../helpers.js';

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

describe('reading result files', () => {
  it('reads a timeline into one series per column, exact when it is short', async () => {
    const t = await readTimeline(file('timeline.csv', 'time_s,connected,pc1\n0,10,10\n60,12,11\n120,9,9\n'));
    expect(t.columns).toEqual(['connected', 'pc1']);
    expect(t.rows).toBe(3);
    expect(t.bucketRows).toBe(1);
    expect(t.endS).toBe(120);
    expect(t.series.get('pc1')).toEqual({ t: [0, 60, 120], v: [10, 11, 9] });
  });

  it('streams a long timeline to the same series as the in-memory path, without a trailing newline', async () => {
    const rows: number[][] = [];
    for (let i = 0; i <= 5000; i++) rows.push([i * 60, (i * 7919) % 1000, i % 13]);
    const text = `time_s,a,b\n${rows.map((r) => r.join(',')).join('\n')}`;
    const fromFile = await readTimeline(file('timeline.csv', text), 100);
    const fromRows = timelineFromRows(['a', 'b'], rows, 100);
    expect(fromFile).toEqual(fromRows);
    expect(fromFile.series.get('a')?.t.length).toBeLessThanOrEqual(100);
  });

  it('rejects a file whose first column is not time_s', async () => {
    await expect(readTimeline(file('x.csv', 'when,a\n0,1\n'))).rejects.toThrow(
      /first column must be time_s; received when/,
    );
  });

  it('reads bands as envelopes that only widen', async () => {
    const text =
      'time_s,connected_p5,connected_p95,waiting_p5,waiting_p95\n0,10,20,0,1\n60,8,25,0,3\n120,12,18,1,2\n180,9,30,0,0\n';
    const bands = await readBands(file('timeline-bands.csv', text), 4);
    expect([...bands.keys()]).toEqual(['connected', 'waiting']);
    expect(bands.get('connected')).toEqual({ t: [0, 60, 120, 180], lo: [8, 8, 9, 9], hi: [25, 25, 30, 30] });
    const exact = await readBands(file('timeline-bands.csv', text));
    expect(exact.get('waiting')).toEqual({ t: [0, 60, 120, 180], lo: [0, 0, 1, 0], hi: [1, 3, 2, 0] });
  });

  it('reads events with quoted details', async () => {
    const events = await readEvents(
      file(
        'events.csv',
        'time_s,event,server,detail\n7200,fail,pc2,"scheduled; 15,000 users disconnected"\n',
      ),
    );
    expect(events).toEqual([
      {
        time_s: 7200,
        event: 'fail',
        server: 'pc2',
        detail: 'scheduled; 15,000 users disconnected',
        replication: 0,
      },
    ]);
  });

  it("reads sweep.csv into blocking (percent) and the worst server's hours over capacity, one line per second key", async () => {
    const header =
      'point,workload.initialConnected,failover.promoteStandbyAfter,signIns.blocking.mean,signIns.blocking.ci95_lo,signIns.blocking.ci95_hi,' +
      'servers.a.secondsOverCapacity.mean,servers.a.secondsOverCapacity.ci95_lo,servers.a.secondsOverCapacity.ci95_hi,' +
      'servers.b.secondsOverCapacity.mean,servers.b.secondsOverCapacity.ci95_lo,servers.b.secondsOverCapacity.ci95_hi';
    const text = `${header}\n0,40000,5m,0,0,0,0,0,0,0,0,0\n1,60000,5m,0.01,0.005,0.015,3600,1800,5400,7200,7000,7400\n2,40000,1h,0,0,0,0,0,0,0,0,0\n`;
    const input = sweepChartInput(await readSweepTable(file('sweep.csv', text)), 's', { maxBlocking: 0.001 });
    expect(input).toMatchObject({
      xTitle: 'workload.initialConnected',
      numeric: true,
      seriesTitle: 'failover.promoteStandbyAfter',
    });
    expect(input.figures[0]).toEqual({
      title: 'first sign-ins refused (blocking)',
      percent: true,
      target: 0.001,
      points: [
        { x: 40000, series: '5m', mean: 0, lo: 0, hi: 0 },
        { x: 60000, series: '5m', mean: 0.01, lo: 0.005, hi: 0.015 },
        { x: 40000, series: '1h', mean: 0, lo: 0, hi: 0 },
      ],
    });
    expect(input.figures[2]?.points[1]).toEqual({
      x: 60000,
      series: '5m',
      mean: 2,
      lo: 7000 / 3600,
      hi: 7400 / 3600,
    });
  });

  it('puts a swept duration on a numeric axis in minutes or hours', async () => {
    const text = 'point,failover.promoteStandbyAfter,signIns.blocking.mean\n0,5m,0.1\n1,1h30m,0.2\n';
    const input = sweepChartInput(await readSweepTable(file('sweep.csv', text)), 's');
    expect(input.xTitle).toBe('failover.promoteStandbyAfter (minutes)');
    expect(input.figures[0]?.points.map((p) => p.x)).toEqual([5, 90]);
  });
});
