import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { streamConsole } from '../../src/cli/console.js';
import {
  experimentText,
  MAX_COLUMNS,
  progressBar,
  progressLine,
  runProgressBar,
  runText,
} from '../../src/cli/progress.js';
import { runScenario } from '../../src/experiment/run/run-scenario.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { tempDir } from '../helpers.js';

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const s = new PassThrough();
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  Object.assign(s, { isTTY, columns: 120 });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

const at = (done: number) => ({ done, total: 4, simulatedS: done * 7200, events: done * 1000 });

afterEach(() => {
  vi.useRealTimers();
});

describe('progress bar', () => {
  it('stays silent when stderr is not a terminal, or with --quiet', () => {
    expect(progressBar('replications', false, terminal(false).stream).onProgress).toBeUndefined();
    expect(progressBar('replications', true, terminal(true).stream).onProgress).toBeUndefined();
  });

  it('appears on a terminal after a second, with done/total, simulated time and events per second', async () => {
    vi.useFakeTimers();
    const t = terminal(true);
    const bar = progressBar('replications', false, t.stream);
    bar.onProgress?.(at(0));
    vi.advanceTimersByTime(500);
    expect(t.text()).toBe('');
    vi.advanceTimersByTime(600);
    bar.onProgress?.(at(2));
    vi.advanceTimersByTime(200);
    await Promise.resolve();
    expect(t.text()).toMatch(/2\/4 replications \| 4\.0h simulated \| [\d.]+[kMG]? events\/s \| ETA \d/);
    bar.stop();
  });

  it('says the total is not known ahead when it is not (plan): runs and candidates judged, no bar or ETA', async () => {
    vi.useFakeTimers();
    const t = terminal(true);
    const bar = progressBar('runs', false, t.stream);
    bar.onProgress?.({ ...at(0), judged: 0 });
    vi.advanceTimersByTime(1100);
    bar.onProgress?.({ ...at(12), judged: 3 });
    vi.advanceTimersByTime(200);
    await Promise.resolve();
    expect(t.text()).toMatch(
      /12 runs, 3 candidates judged, total unknown \| [\d.]+s\/run \| [\d.]+[kMG]? events\/s \| 1\.0d simulated/,
    );
    expect(t.text()).not.toMatch(/ETA|\/4|░/);
    bar.stop();
  });
});

const tick = (simulatedS: number) => ({ simulatedS, events: simulatedS * 10, durationS: 7 * 86400 });

/** The files of a run whose bytes depend on the scenario and seed only. */
function files(dir: string): string[] {
  return ['timeline.csv', 'events.csv', 'summary.json', 'report.html'].map((f) =>
    readFileSync(join(dir, f), 'utf8'),
  );
}

describe('progress of one long run', () => {
  it('stays silent with --quiet, off a terminal, or without a stream', () => {
    expect(runProgressBar(true, terminal(true).stream).onTick).toBeUndefined();
    expect(runProgressBar(false, terminal(false).stream).onTick).toBeUndefined();
    expect(runProgressBar(false, undefined).onTick).toBeUndefined();
  });

  it('appears on a terminal after a second: simulated time of the run, events per second, ETA', async () => {
    vi.useFakeTimers();
    const t = terminal(true);
    const bar = runProgressBar(false, t.stream);
    bar.onTick?.(tick(3600));
    vi.advanceTimersByTime(900);
    expect(t.text()).toBe('');
    vi.advanceTimersByTime(200);
    bar.onTick?.(tick(2 * 86400));
    vi.advanceTimersByTime(200);
    await Promise.resolve();
    expect(t.text()).toMatch(/2\.0d of 7\.0d simulated \| [\d.]+[kMG]? events\/s \| ETA \d/);
    bar.stop();
  });

  it('draws while the run goes and leaves its files byte for byte as without it', async () => {
    const config = loadScenarioFile('scenarios/default.yaml');
    const t = terminal(true);
    const bar = runProgressBar(false, t.stream, undefined, 0);
    const withBar = tempDir();
    try {
      await runScenario(config, withBar, bar.onTick ? { onTick: bar.onTick } : {});
    } finally {
      bar.stop();
    }
    expect(t.text()).toMatch(/of 8\.0h simulated \| [\d.]+[kMG]? events\/s/);
    const without = tempDir();
    await runScenario(config, without);
    for (const f of ['timeline.csv', 'events.csv', 'summary.json'])
      expect(readFileSync(join(withBar, f), 'utf8'), f).toBe(readFileSync(join(without, f), 'utf8'));
  });

  it('run draws nothing on a terminal with --quiet, nor off a terminal, and writes the same files', async () => {
    const runs: string[][] = [];
    for (const [isTTY, quiet] of [
      [true, true],
      [false, false],
      [true, false],
    ] as const) {
      const t = terminal(isTTY);
      const out = join(tempDir(), 'o');
      const argv = ['run', 'scenarios/standard-separate.yaml', '--out', out, ...(quiet ? ['--quiet'] : [])];
      const code = await runCli(argv, { out: () => undefined, err: () => undefined, progress: t.stream });
      expect(code).toBe(0);
      if (quiet || !isTTY) expect(t.text()).toBe('');
      runs.push(files(out));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });
});

describe('progress lines', () => {
  it("show no ETA before any work is done, then one in the tool's duration format", () => {
    expect(experimentText('replications', at(0), 5).text).toBe(
      '0/4 replications | 0s simulated | 0 events/s',
    );
    expect(experimentText('replications', at(1), 600).text).toBe(
      '1/4 replications | 2.0h simulated | 2 events/s | ETA 30m00s',
    );
    expect(runText(tick(0), 2).text).not.toMatch(/ETA/);
    expect(runText(tick(86_400), 3630 / 6).text).toMatch(/\| ETA 1h00m30s$/);
  });

  it('say how far the runs in progress are, as a share of their simulated time, never 100% before they end', () => {
    // Before any run has ended, when no ETA can be given yet.
    const running = { runs: 2, simulatedS: 0.4 * 2 * 7200, events: 500, durationS: 2 * 7200 };
    expect(experimentText('replications', { ...at(0), events: 500, running }, 5).text).toBe(
      '0/4 replications | 2 running, 40% simulated | 0s simulated | 100 events/s',
    );
    const almost = { runs: 1, simulatedS: 7199.9, events: 9, durationS: 7200 };
    expect(experimentText('replications', { ...at(0), running: almost }, 5).text).toMatch(/ 99% simulated/);
    // Left out when the line has no room for it beside the bar.
    expect(experimentText('replications', { ...at(1), running }, 600).text).toBe(
      '1/4 replications | 2.0h simulated | 2 events/s | ETA 30m00s',
    );
  });

  it('without a total (plan): runs done, candidates judged, the runs in progress and the time per run, no ETA', () => {
    const running = { runs: 2, simulatedS: 0.4 * 2 * 7200, events: 5000, durationS: 2 * 7200 };
    // Before any run has ended: how far the first runs are.
    expect(experimentText('runs', { ...at(0), total: 2, judged: 0, running, events: 5000 }, 50).text).toBe(
      '0 runs, 0 candidates judged, total unknown | 2 running, 40% simulated | 100 events/s | 0s simulated',
    );
    // Later, the wall time per finished run so far; the simulated total goes first when the line is full.
    expect(experimentText('runs', { ...at(3), total: 10, judged: 2, running }, 90).text).toBe(
      '3 runs, 2 candidates judged, total unknown | 2 running, 40% simulated | 30s/run | 33 events/s',
    );
    expect(experimentText('runs', { ...at(3), total: 10, judged: 2 }, 90).text).toBe(
      '3 runs, 2 candidates judged, total unknown | 30s/run | 33 events/s | 6.0h simulated',
    );
    expect(experimentText('runs', { ...at(3), judged: 1, running }, 90).text).not.toMatch(/ETA|\/4|░/);
  });

  it('fit 100 columns with the widest readings of every bar', () => {
    // A million replications or candidates, 999 days simulated, 999 billion events a second, hundreds
    // of runs in progress, a run a day.
    const huge = { done: 1_000_000, total: 1_000_000, simulatedS: 999 * 86_400, events: 9.99e11 };
    const running = { runs: 512, simulatedS: 1, events: 1, durationS: 2 };
    const lines = [
      progressLine(experimentText('replications', { ...huge, done: 999_999 }, 1), true),
      progressLine(experimentText('replications', { ...huge, done: 999_999, running }, 1), true),
      progressLine(experimentText('runs', { ...huge, done: 1 }, 1), true),
      progressLine(experimentText('runs', { ...huge, judged: 1_000_000 }, 1), false),
      progressLine(experimentText('runs', { ...huge, judged: 1_000_000, running }, 1e11), false),
      progressLine(experimentText('runs', { ...huge, done: 9, judged: 9, running }, 8e5), false),
      progressLine(runText({ simulatedS: 1, events: 9.99e11, durationS: 999 * 86_400 }, 1), true),
    ];
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(MAX_COLUMNS);
  });

  it('are taken off the terminal before the console writes a line, and drawn again under it', async () => {
    vi.useFakeTimers();
    const t = terminal(true);
    const io = streamConsole(t.stream, t.stream);
    const bar = runProgressBar(false, io.progress, io.status, 0);
    bar.onTick?.(tick(3600));
    await Promise.resolve();
    expect(t.text()).toMatch(/1\.0h of 7\.0d simulated/);
    io.err('pchat-sim: interrupted by SIGINT; removed the partial results, results/x is as it was');
    const after = t.text().split('1.0h of 7.0d simulated').pop() ?? '';
    // The bar's line cleared (cursor to column 0, erase the line), then the message on a line of its own.
    const clearLine = '\u001b[1G\u001b[2K';
    expect(after.indexOf(clearLine)).toBeGreaterThan(-1);
    expect(after.indexOf(clearLine)).toBeLessThan(after.indexOf('pchat-sim: interrupted by SIGINT'));
    expect(after.endsWith('is as it was\n')).toBe(true);
    bar.onTick?.(tick(7200));
    await Promise.resolve();
    expect(t.text().endsWith('\n')).toBe(false);
    expect(t.text().split('\n').pop()).toMatch(/2\.0h of 7\.0d simulated/);
    bar.stop();
  });
});
