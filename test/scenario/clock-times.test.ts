// Clock times of the run (t = 0 is 00:00 of day 0, as in the profile CSVs): one parser reads them for
// every key and option that takes a time, and the JSON Schema describes both forms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../../src/cli/commands/schema.js';
import { DURATION_PATTERN, parseDuration } from '../../src/scenario/duration.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { cli } from '../cli-capture.js';
import { scenarioProblems, tempDir } from '../helpers.js';

const base = {
  name: 'clock',
  duration: '2d',
  topology: {
    edition: 'enterprise',
    pools: [{ name: 'p', servers: [{ name: 'pc1' }, { name: 'pc2' }, { name: 'pc3', role: 'standby' }] }],
  },
  workload: { initialConnected: 10, session: { dist: 'fixed', mean: '1h' } },
};

describe('clock times', () => {
  it('reads HH:MM[:SS] after optional whole days; "1d" alone stays a duration', () => {
    expect(parseDuration('08:15')).toBe(29_700);
    expect(parseDuration('8:15')).toBe(29_700);
    expect(parseDuration('08:15:30')).toBe(29_730);
    expect(parseDuration('1d 08:15')).toBe(116_100);
    expect(parseDuration('1d08:15')).toBe(116_100);
    expect(parseDuration('00:00')).toBe(0);
    expect(parseDuration('1d')).toBe(86_400);
    for (const bad of ['24:00', '08:60', '08:15:60', '8:5', '08:15 1d', '1h 08:15', ':15', '08:'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('are accepted by faults[].at, actions[].at and warmup', () => {
    const c = scenarioFromObject(
      {
        ...base,
        warmup: '06:00',
        faults: [
          { at: '08:15', fail: 'pc1' },
          { at: '1d 08:15', restore: 'pc1' },
        ],
        actions: [{ at: '1d 09:00', drain: 'pc2', mode: 'soft' }],
      },
      'x.yaml',
    );
    expect(c.warmupS).toBe(21_600);
    expect(c.faults.map((f) => f.at)).toEqual([29_700, 116_100, 118_800]);
  });

  it('name both forms when a time is refused', () => {
    expect(scenarioProblems({ ...base, faults: [{ at: '25:00', fail: 'pc1' }] })).toEqual([
      'x.yaml: faults[0].at: Invalid duration: expected a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"; received "25:00"',
    ]);
  });

  it('are accepted by --warmup and --fail-at', async () => {
    const out = tempDir();
    const r = await cli(
      'run',
      'scenarios/n-minus-1-refused.yaml',
      '--warmup',
      '00:30',
      '--out',
      `${out}/w`,
      '--quiet',
    );
    expect(r).toEqual({ code: 0, out: [], err: [] });
    const summary = JSON.parse(readFileSync(`${out}/w/summary.json`, 'utf8')) as { warmup_s: number };
    expect(summary.warmup_s).toBe(1800);
    const bad = await cli('run', 'scenarios/n-minus-1-refused.yaml', '--warmup', '0:75');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe(
      '--warmup: expected a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"; received "0:75"',
    );
    const plan = await cli('plan', 'scenarios/n-minus-1-refused.yaml', '--fail-at', '0:99', '--users', '100');
    expect([plan.code, plan.err[0]]).toEqual([2, expect.stringMatching(/^--fail-at: expected .*"0:99"$/)]);
  });

  it('are described in the JSON Schema, whose pattern takes both forms', () => {
    type Time = { description: string; anyOf: { pattern?: string }[] };
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      properties: { warmup: Time; faults: { items: { properties: { at: Time } } } };
    };
    const at = schema.properties.faults.items.properties.at;
    expect(at.description).toContain('"08:15", "1d 08:15"');
    expect(at.anyOf[1]?.pattern).toBe(DURATION_PATTERN);
    expect(schema.properties.warmup.description).toContain('"08:15", "1d 08:15"');
    const re = new RegExp(DURATION_PATTERN, 'u');
    const warmup = new RegExp(schema.properties.warmup.anyOf[1]?.pattern ?? '', 'u');
    for (const ok of ['90s', '2h45m', '7d', '08:15', '1d 08:15', '08:15:30']) {
      expect(re.test(ok), ok).toBe(true);
      expect(warmup.test(ok), ok).toBe(true);
    }
    expect(warmup.test('auto')).toBe(true);
    for (const bad of ['5 parsecs', '08:15 1d', '', 'auto']) expect(re.test(bad), bad).toBe(false);
  });
});
