// Flapping random faults make hundreds of outages even in a short run: the terminal summary and
// report.html show the first ones and say how many more summary.json holds; the cost estimate counts the list.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  estimateCost,
  estimateRuns,
  PROCESS_BYTES,
  REPORT_BYTES,
  runDataBytes,
} from '../../src/experiment/run/cost-estimate.js';
import { MAX_OUTAGE_ROWS } from '../../src/io/report/summary-tables.js';
import { writeRunReport } from '../../src/io/report/write-report.js';
import { MAX_OUTAGE_LINES, textSummary } from '../../src/io/text-summary.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { runConfig } from '../helpers.js';

const flapping = scenarioFromObject(
  {
    name: 'flapping',
    seed: 1,
    duration: '2h',
    sampleEvery: '1m',
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] }],
    },
    workload: {
      population: 4000,
      offTime: { dist: 'exponential', mean: '14h' },
      session: { dist: 'lognormal', mean: '9h', sd: '2h' },
      initialConnected: 2000,
      reconnectDelay: { dist: 'exponential', mean: '30s' },
    },
    faults: [
      {
        random: {
          servers: 'all',
          mtbf: { dist: 'exponential', mean: '1m' },
          mttr: { dist: 'exponential', mean: '10s' },
        },
      },
    ],
  },
  'flapping.yaml',
);

describe('a run with hundreds of outages', async () => {
  const r = await runConfig(flapping);
  const outages = r.summary.outages;
  const affected = outages.filter((o) => o.usersAffected > 0).length;

  it('keeps every outage in summary.json', () => {
    expect(outages.length).toBeGreaterThan(300);
    expect(affected).toBeGreaterThan(MAX_OUTAGE_ROWS);
    expect((JSON.parse(r.summaryJson) as { outages: unknown[] }).outages).toHaveLength(outages.length);
  });

  it('prints the first 20 outages with users affected in the terminal, then how many more', () => {
    const lines = textSummary(r.summary).split('\n');
    expect(lines.filter((l) => l.startsWith('outage at '))).toHaveLength(MAX_OUTAGE_LINES);
    expect(lines.filter((l) => l.startsWith('…'))).toEqual([
      `… and ${(affected - MAX_OUTAGE_LINES).toLocaleString('en-US')} more outages (all in summary.json)`,
    ]);
  });

  it('lists the first 100 outages in report.html and embeds them, saying summary.json has them all', async () => {
    await writeRunReport(flapping, r.dir, r.summary);
    const html = readFileSync(join(r.dir, 'report.html'), 'utf8');
    const table = /<table class="outages">.*?<\/table>(<p>[^<]*<\/p>)?/s.exec(html);
    expect(table?.[0].match(/<tr>/g)).toHaveLength(MAX_OUTAGE_ROWS + 1); // with the header row
    const rest = (outages.length - MAX_OUTAGE_ROWS).toLocaleString('en-US');
    expect(table?.[1]).toBe(
      `<p>The first ${MAX_OUTAGE_ROWS} of ${outages.length.toLocaleString('en-US')}: ${rest} more outages, all in summary.json.</p>`,
    );
    const json = /<script type="application\/json" id="summary-data">(.*)<\/script>/.exec(html)?.[1] ?? '';
    const embedded = JSON.parse(json) as { outages: unknown[]; outagesOmitted: number };
    expect(embedded.outages).toEqual(outages.slice(0, MAX_OUTAGE_ROWS));
    expect(embedded.outagesOmitted).toBe(outages.length - MAX_OUTAGE_ROWS);
    expect(json.length).toBeLessThan(r.summaryJson.length);
  });

  it('counts the outage list in the cost estimate, near its measured size', () => {
    const e = estimateCost(flapping);
    expect(e.outages / outages.length).toBeGreaterThan(0.8);
    expect(e.outages / outages.length).toBeLessThan(1.25);
    const perOutage = statSync(join(r.dir, 'summary.json')).size / outages.length;
    expect(perOutage).toBeGreaterThan(600);
    expect(perOutage).toBeLessThan(850);
    expect(e.outputBytes).toBeGreaterThan(statSync(join(r.dir, 'summary.json')).size);
    // A single run writes the list; ten replications hold ten lists but write none.
    const one = estimateRuns([flapping], 1, 'streamed');
    const ten = estimateRuns([flapping], 10, 'kept');
    expect(one.outputBytes - estimateRuns([flapping], 1, 'kept').outputBytes).toBeCloseTo(e.outages * 740, 0);
    // A single run's peak: 2.7 kB per outage (summary, its JSON text, the events read for the report).
    expect(runDataBytes(flapping)).toBeGreaterThan(e.outages * 2700);
    expect(one.memoryBytes).toBeGreaterThanOrEqual(PROCESS_BYTES + runDataBytes(flapping));
    // The process around the runs (Node, the modules) counts once; the runs' own data twice (two workers).
    const base = runDataBytes(flapping) - e.outages * 2700;
    const tenData = ten.logRows * 300 + 2 * base + 10 * e.outages * 740;
    expect(ten.memoryBytes).toBeCloseTo(Math.max(REPORT_BYTES, PROCESS_BYTES + tenData), 0);
  });
});
