// Opens the report.html of a single, a replicated, a merged and a compared run, of a sweep and of a plan in headless Chromium:
// no console errors, no request other than the file itself, charts and tables present, and every
// key-figure card equal to summary.json's figure it names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';
import { CHROMIUM, haveBrowser, openReport, shownNumber, type Card } from './browser-page.js';

if (!haveBrowser)
  console.warn(
    `skipping the report.html browser tests: ${CHROMIUM} is not installed (apt-get install chromium; CI's .ci/run installs it)`,
  );

type Tree = Record<string, unknown>;

function at(tree: unknown, path: string): unknown {
  let v = tree;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Tree)[k] : undefined;
  return v;
}
const centre = (v: unknown): number => (typeof v === 'number' ? v : Number(at(v, 'mean')));

/** The figure a card names, computed from summary.json the way docs/outputs.md defines it. */
function expected(summary: unknown, key: string): number {
  const r = at(summary, 'replications');
  const tree = typeof r === 'number' ? at(summary, 'metrics') : summary;
  if (key === 'outages[].usersRecovered')
    return (at(tree, 'outages') as unknown[]).reduce(
      (a: number, o) => a + centre(at(o, 'usersRecovered')),
      0,
    );
  if (key === 'outages[].usersLost')
    return (at(tree, 'outages') as unknown[]).reduce((a: number, o) => a + centre(at(o, 'usersLost')), 0);
  if (key === 'outagesByOrder[].usersLost')
    return (at(summary, 'outagesByOrder') as unknown[]).reduce((a: number, o) => {
      const n = at(o, 'usersLost.n');
      return a + (centre(at(o, 'usersLost')) * (typeof n === 'number' ? n : (r as number))) / (r as number);
    }, 0);
  if (key === 'max(outages[].recovery95_s)') {
    // compare's row: the slowest outage (that cut users off) to get 95% of its users back.
    const list = (typeof r === 'number' ? at(summary, 'outagesByOrder') : at(tree, 'outages')) as unknown[];
    const hit = list.filter((o) => centre(at(o, 'usersAffected')) > 0);
    return Math.max(...hit.map((o) => centre(at(o, 'recovery95_s'))));
  }
  if (key === 'servers.*.secondsOverCapacity' || key === 'max(servers.*.secondsOverCapacity)')
    return Math.max(
      ...Object.values(at(tree, 'servers') as Tree).map((s) => centre(at(s, 'secondsOverCapacity'))),
    );
  return centre(at(tree, key));
}

/** Every card names a figure, stands for its value and shows it (to the card's rounding). */
function checkCards(cards: readonly Card[], summary: unknown): void {
  expect(cards.length).toBeGreaterThanOrEqual(4);
  for (const c of cards) {
    expect(c.key, c.shown).not.toBeNull();
    const key = c.key as string;
    if (c.value === null) continue; // a card in words ("no outage", "N users never back")
    const want = expected(summary, key);
    expect(Number(c.value), key).toBeCloseTo(want, 6);
    const shown = key.endsWith('.blocking') ? 1e-5 : /seconds|recovery/i.test(key) ? 60 : 0.5;
    if (/none/.test(c.shown)) expect(want, key).toBe(0);
    else
      expect(Math.abs(shownNumber(c.shown) - want), `${key}: ${c.shown} vs ${want}`).toBeLessThanOrEqual(
        shown,
      );
  }
}

async function checkPage(dir: string, charts: string[]): Promise<Awaited<ReturnType<typeof openReport>>> {
  const page = await openReport(join(dir, 'report.html'));
  expect(page.problems).toEqual([]);
  expect(page.requests).toEqual([page.url]);
  expect(page.seen.charts.map((c) => c.file)).toEqual(charts);
  for (const c of page.seen.charts) {
    expect(c.width).toBeGreaterThan(300);
    expect(c.height).toBeGreaterThan(100);
    expect(c.lines).toBeGreaterThan(10);
  }
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as unknown;
  expect(page.seen.summary).toEqual(summary);
  checkCards(page.seen.cards, summary);
  return page;
}

const TIMELINE = ['chart-servers.svg', 'chart-users.svg', 'chart-active.svg'];

describe.skipIf(!haveBrowser)('report.html in a browser', () => {
  it('shows a single run: charts, servers, marker table, key figures equal to summary.json', async () => {
    const out = join(tempDir(), 'default');
    expect((await cli('run', '--out', out, '--quiet')).code).toBe(0);
    const { seen } = await checkPage(out, TIMELINE);
    expect(seen.title).toBe('pchat-sim: default');
    expect(seen.tables['servers']).toBe(8);
    expect(seen.tables['markers']).toBe(3);
    expect(seen.tables['outages']).toBe(1);
  });

  it('shows a replicated run: means with intervals, servers, outages by order, bands, events of replication 0', async () => {
    const out = join(tempDir(), 'default-3');
    expect((await cli('run', '--replications', '3', '--workers', '1', '--out', out, '--quiet')).code).toBe(0);
    const { seen } = await checkPage(out, [...TIMELINE, 'chart-bands.svg']);
    expect(seen.tables['servers']).toBe(8);
    expect(seen.tables['outages']).toBe(1);
    expect(seen.text).toContain('Means over 3 replications with their 95% confidence intervals.');
    expect(seen.text).toContain('The events of replication 0');
    expect(seen.cards.map((c) => c.shown).join(' ')).toContain('95% CI');
  });

  it('shows a merged run: the report merge writes from the shards', async () => {
    const dir = tempDir();
    for (const i of [0, 1])
      expect(
        (await cli('run', '--replications', '2', '--shard', `${i}/2`, '--out', join(dir, `s${i}`), '--quiet'))
          .code,
      ).toBe(0);
    const out = join(dir, 'merged');
    expect((await cli('merge', join(dir, 's0'), join(dir, 's1'), '--out', out, '--quiet')).code).toBe(0);
    const { seen } = await checkPage(out, [...TIMELINE, 'chart-bands.svg']);
    expect(seen.text).toContain('Means over 2 replications');
    expect(seen.tables['servers']).toBe(8);
  });

  it('shows a comparison of a single and a replicated run, each figure equal to its summary.json', async () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    const rep = join(dir, 'rep');
    expect((await cli('run', '--out', one, '--quiet')).code).toBe(0);
    expect(
      (
        await cli(
          'run',
          'scenarios/n-minus-1-absorbed.yaml',
          '--replications',
          '2',
          '--workers',
          '1',
          '--out',
          rep,
          '--quiet',
        )
      ).code,
    ).toBe(0);
    const out = join(dir, 'cmp');
    expect((await cli('compare', one, rep, '--out', out, '--quiet')).code).toBe(0);
    const page = await openReport(join(out, 'report.html'));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.seen.title).toBe('pchat-sim compare: default vs n-minus-1-absorbed');
    expect(page.seen.charts.map((c) => c.file)).toEqual(['chart-compare.svg']);
    const summaries = [one, rep].map(
      (d) => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')) as unknown,
    );
    const withValue = page.seen.cells.filter((c) => c.value !== null);
    expect(withValue.length).toBeGreaterThanOrEqual(12);
    const csv = csvRows(join(out, 'compare.csv'));
    for (const c of withValue) {
      const summary = summaries[Number(c.run)];
      expect(Number(c.value), `${c.key} of run ${c.run}`).toBeCloseTo(expected(summary, c.key as string), 6);
      // The value is compare.csv's cell of that figure and run.
      expect(Number(c.value), `${c.key} in compare.csv`).toBe(
        Number(csv.get(c.key as string)?.[Number(c.run) + 1]),
      );
      if (c.key === 'connected.peak') expect(shownNumber(c.shown)).toBeCloseTo(Number(c.value), -1);
    }
    // The key rows: recovery (everyone back, 95% back, lost) and the worst server, in the tool's style.
    const shown = new Map(withValue.map((c) => [`${c.key ?? ''}#${c.run ?? ''}`, c.shown]));
    for (const key of [
      'recovery_s.max',
      'max(outages[].recovery95_s)',
      'users.lost',
      'max(servers.*.secondsOverCapacity)',
    ])
      expect(shown.has(`${key}#0`), key).toBe(true);
    expect(shown.get('max(servers.*.secondsOverCapacity)#1')).toMatch(/^(\d+h)?\d+m\d\ds$/);
    expect(shown.get('connected.peak#0')).toMatch(/^\d{1,3}(,\d{3})+$/);
    // Every run's event markers on the overlay, named by run.
    const svg = readFileSync(join(out, 'chart-compare.svg'), 'utf8');
    expect(svg).toContain('fail pc2 (default)');
    expect(svg).toContain('fail pc4 (n-minus-1-absorbed)');
  });

  it("shows a sweep: every point's figures equal to sweep.csv, the first point meeting the targets marked", async () => {
    const out = join(tempDir(), 'sweep');
    const r = await cli(
      ...['sweep', 'scenarios/n-minus-1-refused.yaml', '--set', 'users=40000..80000:20000'],
      ...['--set', 'topology.pools[0].admissionLimitPerServer=20000,30000', '--replications', '2'],
      ...['--max-blocking', '0.1%', '--out', out, '--quiet'],
    );
    expect(r.code).toBe(0);
    const page = await openReport(join(out, 'report.html'));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.seen.charts.map((c) => c.file)).toEqual(['chart-sweep.svg']);
    const text = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const header = (text[0] ?? '').split(',');
    const rows = text.slice(1).map((l) => l.split(','));
    expect(page.seen.points.length).toBeGreaterThanOrEqual(6 * 5);
    for (const c of page.seen.points) {
      const row = rows[Number(c.point)];
      const column = header.indexOf(`${c.key ?? ''}.mean`);
      expect(column, `${c.key} is a sweep.csv figure`).toBeGreaterThan(0);
      expect(Number(c.value), `point ${c.point}: ${c.key}`).toBe(Number(row?.[column]));
    }
    expect(page.seen.text).toContain("The first point that meets every target, in the grid's order: point 0");
  });
});

describe.skipIf(!haveBrowser)('a plan report in a browser', () => {
  it('shows a plan: the answer first, each target per candidate, every evidence cell equal to plan.csv', async () => {
    const out = join(tempDir(), 'plan');
    const r = await cli(
      ...['plan', 'scenarios/n-minus-1-refused.yaml', '--users', '60000', '--replications', '1'],
      ...['--resolution', '20000', '--workers', '1', '--out', out, '--quiet'],
    );
    expect(r.code).toBe(0);
    const page = await openReport(join(out, 'report.html'));
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.seen.charts.map((c) => c.file)).toEqual(['chart-plan.svg']);
    expect(page.seen.charts[0]?.width).toBeGreaterThan(600);
    expect(page.seen.text).toContain(
      'Pool pchat: 4 active servers carry 60,000 users with 1 failed within every target.',
    );
    const at = (s: string): number => page.seen.text.indexOf(s);
    expect(at('Pool pchat: 4 active')).toBeLessThan(at('blocking ≤ 0.1%'));
    expect(at('blocking ≤ 0.1%')).toBeLessThan(at('Each target per candidate'));
    const text = readFileSync(join(out, 'plan.csv'), 'utf8').trim().split('\n');
    const header = (text[0] ?? '').split(',');
    const rows = text.slice(1).map((l) => l.split(','));
    expect(new Set(page.seen.evidence.map((c) => c.row)).size).toBe(rows.length);
    for (const c of page.seen.evidence) {
      const column = header.indexOf(c.column ?? '');
      expect(column, `${c.column} is a plan.csv column`).toBeGreaterThanOrEqual(0);
      const want = rows[Number(c.row)]?.[column];
      expect(c.value, `row ${c.row}: ${c.column}`).toBe(want);
      // What the cell shows is that value (a percentage of a proportion, thousands separated).
      expect(shownNumber(c.shown), `row ${c.row}: ${c.column} shown as "${c.shown}"`).toBeCloseTo(
        Number(want),
        3,
      );
    }
  });
});

/** compare.csv as a map from figure to its row. */
function csvRows(file: string): Map<string, string[]> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => [l.split(',')[0] ?? '', l.split(',')]));
}
