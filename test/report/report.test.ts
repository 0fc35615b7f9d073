import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunCharts } from '../../src/io/charts/run-charts.js';
import { describeScenario, formatDuration } from '../../src/io/report/describe-scenario.js';
import { esc } from '../../src/io/report/html.js';
import { writeRunReport } from '../../src/io/report/write-report.js';
import { loadScenarioFile, scenarioFromObject } from '../../src/scenario/load.js';
import { runFile, tempDir } from '../helpers.js';

/** Every URL an HTML page refers to in src/href attributes and CSS url(). */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|xlink:href)="([^"]*)"|url\(([^)]*)\)/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );
}

describe('report.html', () => {
  it('holds the scenario, key figures, three charts, the summary, warnings and events, with nothing external', async () => {
    const r = await runFile('scenarios/n-minus-1-absorbed.yaml');
    const files = await writeRunReport(
      loadScenarioFile('scenarios/n-minus-1-absorbed.yaml'),
      r.dir,
      r.summary,
    );
    expect(files).toEqual(['chart-servers.svg', 'chart-users.svg', 'chart-active.svg', 'report.html']);
    const html = readFileSync(join(r.dir, 'report.html'), 'utf8');
    for (const id of ['key-figures', 'charts', 'scenario', 'summary', 'warnings', 'events', 'files'])
      expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(html).toContain('supported 20,000');
    expect(html).toContain('admission limit 30,000');
    expect(html).toContain('1h: pc4 fails.');
    expect(html).toMatch(
      /<th scope="row">pc1<\/th><td>pchat<\/td><td>dc1<\/td><td>active<\/td><td>26,667<\/td><td>59m30s, still over 20,000 when the run ended \(so far\)<\/td><td>100%<\/td>/,
    );
    const json = /<script type="application\/json" id="summary-data">(.*)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(JSON.parse(r.summaryJson));
    // The warnings block is summary.json's warnings, each once (pc1, pc2, pc3 above 20,000), never "None".
    const warnings = /<section id="warnings">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    expect([...warnings.matchAll(/<p class="warn">([^<]*)<\/p>/g)].map((m) => m[1])).toEqual(
      r.summary.warnings.map((w) => esc(w.message)),
    );
    expect(r.summary.warnings.map((w) => w.subject)).toEqual(['pc1', 'pc2', 'pc3']);
    expect(warnings).not.toContain('None');
    for (const ref of references(html))
      expect(ref, ref).toMatch(/^(#[\w-]+|data:,|[\w.-]+\.(csv|json|svg))$/);
    expect(html).toContain(`default-src 'none'`);
    // No sign-in rate: the outages say recovery assumes unlimited throughput, with the floor column
    // (pc4's 20,000 users at 10 sign-ins/s: 2,000 s; no site failover, so no Front End column).
    expect(html).toContain('Recovery times assume unlimited sign-in throughput');
    expect(html).toContain('<th>floor at 10 sign-ins/s</th>');
    expect(html).not.toContain('12 logons/s</th>');
    expect(html).toContain('<td>all back after 30s</td><td>33m20s</td>');
  });

  it('writes the same bytes for the same scenario and seed', async () => {
    const config = loadScenarioFile('scenarios/standard-collocated.yaml');
    const read = async (): Promise<string[]> => {
      const r = await runFile('scenarios/standard-collocated.yaml');
      await writeRunReport(config, r.dir, r.summary);
      return ['report.html', 'chart-servers.svg', 'chart-users.svg', 'chart-active.svg'].map((f) =>
        readFileSync(join(r.dir, f), 'utf8'),
      );
    };
    expect(await read()).toEqual(await read());
  });

  it('reports a replicated run: the bands chart, and figures as mean with their confidence interval', async () => {
    const r = await runFile('scenarios/n-minus-1-absorbed.yaml');
    const [head, ...rows] = r.timeline
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const bands = [
      ['time_s', ...(head ?? []).slice(1).flatMap((c) => [`${c}_p5`, `${c}_p95`])],
      ...rows.map((x) => [x[0], ...x.slice(1).flatMap((v) => [Number(v) * 0.9, Number(v) * 1.1])]),
    ];
    writeFileSync(join(r.dir, 'timeline-bands.csv'), `${bands.map((b) => b.join(',')).join('\n')}\n`);
    const stats = (v: unknown): unknown =>
      typeof v === 'number'
        ? { mean: v, sd: 1, ci95: [v - 1, v + 1], min: v - 2, max: v + 2 }
        : v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stats(x)]))
          : v;
    const files = await writeRunReport(
      loadScenarioFile('scenarios/n-minus-1-absorbed.yaml'),
      r.dir,
      stats(r.summary),
      { replications: 3 },
    );
    expect(files).toEqual([
      'chart-servers.svg',
      'chart-users.svg',
      'chart-active.svg',
      'chart-bands.svg',
      'report.html',
    ]);
    const html = readFileSync(join(r.dir, 'report.html'), 'utf8');
    expect(html).toContain('n-minus-1-absorbed: mean of 3 replications');
    expect(html).toMatch(
      /peak connected users<b>80,000 <span class="ci">\(95% CI 79,999 – 80,001\)<\/span><\/b>/,
    );
  });

  it('charts a year sampled every minute from a bounded number of points', async () => {
    const config = scenarioFromObject(
      {
        name: 'year',
        duration: '365d',
        sampleEvery: '1m',
        topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }, { name: 'b' }] }] },
      },
      'year.yaml',
    );
    const dir = tempDir();
    const rows: string[] = ['time_s,connected,waiting,denied,active_servers,a,b'];
    for (let k = 0; k <= 365 * 1440; k++)
      rows.push(`${k * 60},${k === 300000 ? 25000 : 20000},0,0,2,${k === 300000 ? 15000 : 10000},10000`);
    writeFileSync(join(dir, 'timeline.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'events.csv'),
      'time_s,event,server,detail\n18000000,fail,a,random; 10000 users disconnected\n',
    );
    const { charts } = await writeRunCharts(config, dir);
    const servers = charts[0]?.svg ?? '';
    expect(servers).toContain('525601 samples: minimum and maximum of every 526 shown, so peaks are kept');
    expect(servers).toContain('time since the start (weeks)');
    expect(servers).toContain('>52w<');
    expect(servers.length).toBeLessThan(400_000);
  });
});

describe('the scenario in plain words', () => {
  it('writes durations as scenario files do', () => {
    expect([0, 90, 900, 9900, 7 * 86400, Infinity].map(formatDuration)).toEqual([
      '0s',
      '1m30s',
      '15m',
      '2h45m',
      '7d',
      'never',
    ]);
  });

  it('tells a stretched pool with site disaster recovery and failback', () => {
    const text = describeScenario(loadScenarioFile('scenarios/site-dr-failback.yaml'))
      .flatMap((p) => p.lines)
      .join('\n');
    expect(text).toContain('Enterprise Edition, 1 pool, 8 servers in 2 sites (dc1, dc2).');
    expect(text).toContain('dc1: pc1 (active), pc2 (active), pc3 (active), pc4 (active); dc2: pc5 (standby)');
    expect(text).toContain('content database in dc1, log-shipped backup in dc2');
    expect(text).toContain('1h: site dc1 is lost.');
    expect(text).toContain(
      '5h: the admin fails pchat back to its primary site and its pre-failure active list (a full outage for 30m).',
    );
    expect(text).toContain('After a site loss, the manual disaster recovery takes 1h.');
  });

  it("tells where a pool's compliance database lives and how often it is exported", () => {
    const text = describeScenario(loadScenarioFile('scenarios/compliance-outage.yaml'))
      .flatMap((p) => p.lines)
      .join('\n');
    expect(text).toContain(
      'content database in dc1; compliance on: mgccomp in dc1 (never failed over), exported every 15m.',
    );
  });
});
