import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { bandsSpec, sweepSpec } from '../../src/io/charts/experiment-specs.js';
import { renderSvg, scopeSvgIds } from '../../src/io/charts/render-svg.js';
import { timelineFromRows } from '../../src/io/charts/timeline-file.js';
import {
  activeServersSpec,
  serverLoadSpec,
  usersSpec,
  type TimelineChartInput,
} from '../../src/io/charts/timeline-specs.js';

function input(): TimelineChartInput {
  const rows: number[][] = [];
  for (let k = 0; k <= 120; k++) {
    const t = k * 60;
    const down = t >= 3600;
    rows.push([
      t,
      80000,
      0,
      0,
      down ? 3 : 4,
      down ? 26667 : 20000,
      down ? 26667 : 20000,
      down ? 26666 : 20000,
      down ? 0 : 20000,
    ]);
  }
  return {
    name: 'n-1',
    timeline: timelineFromRows(
      ['connected', 'waiting', 'denied', 'active_servers', 'pc1', 'pc2', 'pc3', 'pc4'],
      rows,
    ),
    servers: ['pc1', 'pc2', 'pc3', 'pc4'],
    limits: [
      { users: 20000, label: 'supported 20,000' },
      { users: 30000, label: 'admission limit 30,000' },
    ],
    events: [{ time_s: 3600, event: 'fail', server: 'pc4', detail: 'scheduled; 20000 users disconnected' }],
  };
}

/** The text drawn in an SVG, tags removed. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
}

describe('charts rendered offline', () => {
  it('draws users per server with the supported and admission lines and the failure marked', async () => {
    const svg = await renderSvg(serverLoadSpec(input()));
    expect(svg.startsWith('<svg')).toBe(true);
    const t = texts(svg);
    for (const s of [
      'pc1',
      'pc2',
      'pc3',
      'pc4',
      'supported 20,000',
      'admission limit 30,000',
      'fail pc4',
      'time (hours)',
      'n-1: users per server',
    ])
      expect(t).toContain(s);
    expect(t).toContain('every sample of 121 shown');
  });

  it('draws connected and waiting users, and the active server count', async () => {
    const users = texts(await renderSvg(usersSpec(input())));
    expect(users).toEqual(expect.arrayContaining(['connected users', 'waiting to connect', 'fail pc4']));
    const active = texts(await renderSvg(activeServersSpec(input())));
    expect(active).toEqual(expect.arrayContaining(['active servers', 'fail pc4']));
  });

  it('draws replication bands and sweep metrics for experiments', async () => {
    const means = timelineFromRows(
      ['connected'],
      [
        [0, 100],
        [60, 110],
        [120, 105],
      ],
    );
    const bands = new Map([['connected', { t: [0, 60, 120], lo: [90, 95, 97], hi: [110, 130, 115] }]]);
    const b = texts(
      await renderSvg(bandsSpec({ name: 'x', replications: 16, means, bands, columns: ['connected'] })),
    );
    expect(b).toEqual(expect.arrayContaining(['x: mean of 16 replications', 'connected']));
    const points = [1, 2, 3].map((x) => ({ x: x * 20000, mean: x / 100, lo: x / 200, hi: x / 50 }));
    const s = texts(
      await renderSvg(
        sweepSpec({
          name: 'x',
          parameter: 'workload.initialConnected',
          metrics: [{ title: 'blocking', points, target: 0.001 }],
        }),
      ),
    );
    expect(s).toEqual(expect.arrayContaining(['x: sweep over workload.initialConnected', 'blocking']));
  });

  it('labels few events and turns many into unlabelled ticks', async () => {
    const many = {
      ...input(),
      events: Array.from({ length: 30 }, (_, k) => ({
        time_s: 60 * (k + 1),
        event: 'fail',
        server: `pc${k}`,
        detail: '',
      })),
    };
    const t = texts(await renderSvg(serverLoadSpec(many)));
    expect(t.filter((x) => x.startsWith('fail pc'))).toEqual([]);
    expect(t).toContain('fail');
  });

  it('renders the same bytes twice', async () => {
    const spec = serverLoadSpec(input());
    expect(await renderSvg(spec)).toBe(await renderSvg(spec));
  });

  it('refuses a spec that loads data by URL', async () => {
    const spec = {
      data: { url: 'http://127.0.0.1:9/data.csv' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    } as TopLevelSpec;
    await expect(renderSvg(spec)).rejects.toThrow(
      /only use inline data; it asked for http:\/\/127\.0\.0\.1:9\/data\.csv/,
    );
  });

  it('scopes SVG ids so several charts can share one page', () => {
    const svg =
      '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
    expect(scopeSvgIds(svg, 'c2')).toBe(
      '<svg><clipPath id="c2-clip1"><rect/></clipPath><g clip-path="url(#c2-clip1)"><use href="#c2-clip1"/></g></svg>',
    );
  });
});
