import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { join } from 'node:path';
import { cliLines } from '../cli-capture.js';
import { runConfig, scenarioProblems, tempDir } from '../helpers.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

function story(file: string, warmup: number | string): unknown {
  return { ...(parse(readFileSync(file, 'utf8')) as object), warmup };
}

describe('warmup', () => {
  it('takes every summary figure over [warmup, end]', async () => {
    const doc = story('scenarios/n-minus-1-refused.yaml', '1h');
    const { summary, timeline } = await runConfig(parseScenarioText(JSON.stringify(doc), 'w.yaml'));
    expect(summary.warmup_s).toBe(3600);
    // The failure is at the warm-up's end: inside the window. The 80,000 sign-ins at t = 0 are not.
    expect(summary.signIns).toEqual({
      attempts: 20000,
      firstAttempts: 20000,
      accepted: 0,
      denied: 20000,
      gaveUp: 20000,
      firstRefused: 20000,
      blocking: 1,
    });
    expect(summary.users).toEqual({
      initial: 80000,
      arrivals: 0,
      signOuts: 0,
      disconnectedByFailures: 20000,
      wanted: 80000,
      lost: 20000,
      leftWhileWaiting: 0,
      lostFraction: 0.25,
      bound: 80000,
    });
    expect(summary.connected).toEqual({ peak: 80000, peakBound: 80000, mean: 60000, end: 60000 });
    expect(summary.servers['pc4']).toMatchObject({ availability: 0, peak: 20000 });
    expect(summary.outages).toHaveLength(1);
    expect(summary.userSecondsWithoutService.total).toBe(72_000_000);
    // The timeline still shows the whole run.
    expect(timeline.split('\n')[1]?.startsWith('0,80000,')).toBe(true);
  });

  it('leaves out what ended before the warm-up and counts lost time only after it', async () => {
    const doc = story('scenarios/n-minus-1-refused.yaml', '1h30m');
    const { summary } = await runConfig(parseScenarioText(JSON.stringify(doc), 'w.yaml'));
    expect(summary.signIns.attempts).toBe(0);
    expect(summary.outages).toEqual([]);
    expect(summary.connected).toEqual({ peak: 60000, peakBound: 80000, mean: 60000, end: 60000 });
    // pc4's 20,000 gave up at 1h + 30 s; their planned sessions run past the end: 30 min each in the window.
    expect(summary.userSecondsWithoutService.total).toBe(20000 * 1800);
    expect(summary.servers['pc4']?.availability).toBe(0);
    expect(summary.users).toMatchObject({ initial: 60000, wanted: 60000, lost: 0 });
  });

  it('cuts over-capacity time at the warm-up and keeps the episode still on', async () => {
    const doc = story('scenarios/n-minus-1-absorbed.yaml', '1h30m');
    const { summary } = await runConfig(parseScenarioText(JSON.stringify(doc), 'w.yaml'));
    expect(summary.servers['pc1']).toMatchObject({
      secondsOverCapacity: 1800,
      overCapacityAtEnd: true,
      overCapacityEpisodes: [{ start: 3630, end: null }],
      overCapacityEpisodeCount: 1,
    });
  });

  it('is shorter than the run', () => {
    const doc = story('scenarios/n-minus-1-refused.yaml', '2h');
    expect(scenarioProblems(doc)).toEqual([
      'x.yaml: warmup: the warm-up is at least 0 s and shorter than the run (duration 7200s); received 7200s',
    ]);
  });
});

describe('run --warmup', () => {
  it('is a single run whose summary starts after the warm-up', async () => {
    const out = join(tempDir(), 'w');
    const { code, lines } = await cliLines(
      'run',
      'scenarios/n-minus-1-refused.yaml',
      '--warmup',
      '1h',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary['warmup_s']).toBe(3600);
    expect(summary['replications']).toBeUndefined();
    expect(lines.join('\n')).toContain('sign-ins: 20,000 attempts, 0 accepted');
  });
});
