import { describe, expect, it, vi } from 'vitest';
import { overlaps, textMarks } from './svg-text-boxes.js';
import type { TopLevelSpec } from 'vega-lite';
import { bandsSpec } from '../../src/io/charts/bands-spec.js';
import { figurePointsSpec } from '../../src/io/charts/figure-points-spec.js';
import { EVENT_COLOURS, SERIES_COLOURS } from '../../src/io/charts/marks.js';
import { renderSvg, scopeSvgIds } from '../../src/io/charts/render-svg.js';
import { timeAxis } from '../../src/io/charts/time-axis.js';
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
    servers: ['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name, pool: 'pchat' })),
    limits: [
      { users: 20000, label: 'supported 20,000' },
      { users: 30000, label: 'admission limit 30,000' },
    ],
    events: [
      {
        time_s: 3600,
        event: 'fail',
        server: 'pc4',
        detail: 'scheduled; 20000 users disconnected',
        replication: 0,
      },
    ],
  };
}

/** The text drawn in an SVG (every text element and every line of a multi-line one), tags removed. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(text|tspan)[^>]*>([^<]+)</g)].map((m) => m[2] as string);
}

describe('charts rendered offline', () => {
  it('draws one panel per server with the supported and admission lines and the numbered failure', async () => {
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
      '1',
      'failure',
      'time since the start (minutes)',
      'n-1: users connected to each server',
      'markers — 1: 1h00m00s fail pc4',
    ])
      expect(t).toContain(s);
    expect(t).toContain('every sample of 121 shown; one panel per server, same scale');
    // Four panels whose plots start at the same x: servers with the same load never share a panel.
    expect(svg.match(/role-scope concat_\d_group/g)).toHaveLength(4);
  });

  it('puts time ticks at round steps with their unit', async () => {
    const t = texts(await renderSvg(usersSpec(input())));
    expect(t).toEqual(expect.arrayContaining(['0min', '10min', '60min', '120min']));
    expect(t).not.toContain('0.000000');
    expect(timeAxis(8 * 3600).ticks).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(timeAxis(2 * 86400)).toMatchObject({ unit: 'h', ticks: [0, 6, 12, 18, 24, 30, 36, 42, 48] });
    expect(timeAxis(7 * 86400)).toMatchObject({ unit: 'd', ticks: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(timeAxis(30 * 86400)).toMatchObject({ unit: 'w', ticks: [0, 1, 2, 3, 4] });
    expect(timeAxis(365 * 86400)).toMatchObject({ unit: 'w', ticks: [0, 13, 26, 39, 52] });
  });

  it('draws counts as steps: a value holds until the next sample', async () => {
    const svg = await renderSvg(activeServersSpec(input()));
    const line = /<path[^>]*d="(M[^"]*)"[^>]*stroke="#1f4e79"/.exec(svg)?.[1] ?? '';
    const pts = [...line.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(pts.length).toBeGreaterThan(100);
    // Every segment is horizontal or vertical.
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1] as number[], pts[i] as number[]];
      expect(a[0] === b[0] || a[1] === b[1], `${a.join()} → ${b.join()}`).toBe(true);
    }
  });

  it('draws connected and waiting users, and the active server count, on the same plot origin', async () => {
    const svgs = await Promise.all(
      [usersSpec, activeServersSpec, serverLoadSpec].map((f) => renderSvg(f(input()))),
    );
    const users = texts(svgs[0] as string);
    expect(users).toEqual(expect.arrayContaining(['connected users', 'waiting to connect', '1', 'failure']));
    expect(texts(svgs[1] as string)).toEqual(expect.arrayContaining(['active servers', '1']));
    const origin = (svg: string): string => /transform="translate\(([\d.,]+)\)"/.exec(svg)?.[1] ?? '';
    expect(new Set(svgs.map(origin)).size).toBe(1);
  });

  it('gives event markers colours no data series uses', () => {
    for (const c of Object.values(EVENT_COLOURS)) expect(SERIES_COLOURS).not.toContain(c);
  });

  it('staggers the numbers of events close in time and lists them in the subtitle', async () => {
    const close = {
      ...input(),
      events: (['promote', 'demote', 'fail'] as const).map((event, k) => ({
        time_s: 3600 + 60 * k,
        event,
        server: `pc${k + 1}`,
        detail: '',
        replication: 0,
      })),
    };
    const svg = await renderSvg(usersSpec(close));
    const numbers = [
      ...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+),(-?[\d.]+)\)"[^>]*>([123])<\/text>/g),
    ];
    expect(numbers.map((m) => m[3])).toEqual(['1', '2', '3']);
    // 1 and 2 would touch in one row: 2 takes the next; 3 fits in the first row again.
    expect(numbers.map((m) => m[2])).toEqual(['-4', '-16', '-4']);
    expect(overlaps(textMarks(svg))).toEqual([]);
    expect(texts(svg)).toContain(
      'markers — 1: 1h00m00s promote pc1   ·   2: 1h01m00s demote pc2   ·   3: 1h02m00s fail pc3',
    );
  });

  it('draws replication bands with the markers, and sweep metrics, for experiments', async () => {
    const means = timelineFromRows(
      ['connected'],
      [
        [0, 100],
        [60, 110],
        [120, 105],
      ],
    );
    const bands = new Map([['connected', { t: [0, 60, 120], lo: [90, 95, 97], hi: [110, 130, 115] }]]);
    const events = [{ time_s: 60, event: 'fail' as const, server: 'pc1', detail: '', replication: 0 }];
    const b = texts(
      await renderSvg(
        bandsSpec({ name: 'x', replications: 16, means, bands, columns: ['connected'], events }),
      ),
    );
    expect(b).toEqual(expect.arrayContaining(['x: mean of 16 replications', 'connected', '1', 'failure']));
    const points = [1, 2, 3].map((x) => ({
      x: x * 20000,
      series: '',
      mean: x / 100,
      lo: x / 200,
      hi: x / 50,
    }));
    const s = texts(
      await renderSvg(
        figurePointsSpec({
          title: 'x: sweep over workload.initialConnected',
          subtitle: 'mean with its 95% confidence interval at each point',
          xTitle: 'workload.initialConnected',
          numeric: true,
          seriesTitle: '',
          figures: [{ title: 'blocking', points, target: 0.001, percent: true }],
        }),
      ),
    );
    expect(s).toEqual(
      expect.arrayContaining([
        'x: sweep over workload.initialConnected',
        'blocking',
        '%',
        '40,000',
        'target 0.1%',
      ]),
    );
    expect(s).not.toContain('0.000000');
  });

  it('draws panels that lack some lines with one legend and no scale conflict to warn of', async () => {
    const line = (
      series: string,
      k: number,
    ): { x: string; series: string; mean: number; lo: number; hi: number }[] =>
      ['3', '4'].map((x) => ({ x, series, mean: k, lo: k / 2, hi: k * 2 }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const svg = await renderSvg(
        figurePointsSpec({
          title: 'plan',
          subtitle: '',
          xTitle: 'active servers',
          numeric: false,
          seriesTitle: 'failed',
          figures: [
            { title: 'blocking', points: [...line('1 failed', 2), ...line('0 failed', 1)] },
            { title: 'recovery', points: line('1 failed', 3) },
          ],
        }),
      );
      expect(warn).not.toHaveBeenCalled();
      const t = texts(svg);
      expect(t.filter((x) => x === '0 failed')).toHaveLength(1);
      expect(t.filter((x) => x === '1 failed')).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('numbers few events and turns many into unnumbered ticks', async () => {
    const many = {
      ...input(),
      events: Array.from({ length: 30 }, (_, k) => ({
        time_s: 60 * (k + 1),
        event: 'fail' as const,
        server: `pc${k}`,
        detail: '',
        replication: 0,
      })),
    };
    const t = texts(await renderSvg(serverLoadSpec(many)));
    expect(t.filter((x) => x.startsWith('markers'))).toEqual([]);
    expect(t).not.toContain('30');
    expect(t).toContain('failure');
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
