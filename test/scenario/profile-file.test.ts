// Measured sign-in profiles (`workload.arrivals: { profileFile }`): the CSV's time formats, rate and
// count, every problem as `file:line: rule`, and the file's contents as part of the scenario (shard
// fingerprints, plan's scaling).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { ScenarioError } from '../../src/errors.js';
import { buildVariant } from '../../src/experiment/plan/plan-variant.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { PiecewiseRate } from '../../src/random/poisson-process.js';
import { loadScenario, MAX_SCENARIO_BYTES } from '../../src/scenario/load.js';
import { profilePath, withProfileFile } from '../../src/scenario/profile-file.js';
import { runConfig, tempDir } from '../helpers.js';
import { FC_SEED } from '../property/scenario-arbitrary.js';

const SCENARIO = `name: measured
duration: 2h
topology: { edition: enterprise, pools: [{ name: p, servers: [{ name: a }, { name: b }] }] }
workload: { arrivals: { profileFile: signins.csv }, session: { dist: exponential, mean: 30m }, initialConnected: 20 }
`;

/** A scenario in a fresh folder that reads `csv` as signins.csv. */
function scenarioWith(csv: string, scenario = SCENARIO): { dir: string; file: string; csv: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'signins.csv'), csv);
  writeFileSync(join(dir, 'measured.yaml'), scenario);
  return { dir, file: join(dir, 'measured.yaml'), csv: join(dir, 'signins.csv') };
}

async function profileOf(csv: string): Promise<readonly { at: number; rate: number }[] | null> {
  return (await loadScenario(scenarioWith(csv).file)).workload.arrivals;
}

async function problems(csv: string): Promise<string[]> {
  const s = scenarioWith(csv);
  try {
    await loadScenario(s.file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n').map((l) => l.replace(s.dir, '<dir>'));
    throw e;
  }
  return [];
}

describe('a measured sign-in profile file', () => {
  it('reads time as seconds, as a duration or as a clock time, into the profile', async () => {
    const csv = 'time,rate\n0,0.1\n7h30m,2\n08:00,5\n08:30:30,1.5\n36000,0.5\n';
    expect(await profileOf(csv)).toEqual([
      { at: 0, rate: 0.1 },
      { at: 27000, rate: 2 },
      { at: 28800, rate: 5 },
      { at: 30630, rate: 1.5 },
      { at: 36000, rate: 0.5 },
    ]);
    // Blank lines, `#` comments, CRLF line ends, spaces around fields and a header in capitals are fine.
    expect(await profileOf('# measured\r\nTime , Rate\r\n\r\n 06:00 , 3 \r\n')).toEqual([
      { at: 21600, rate: 3 },
    ]);
  });

  it('gives count rows as their rate over the interval to the next row, the last one to midnight', async () => {
    const counts = 'time,count\n00:00,2160\n06:00,7200\n08:00,3600\n12:00,1440\n';
    const rates = 'time,rate\n00:00,0.1\n06:00,1\n08:00,0.25\n12:00,0.0333333333333333\n';
    const c = (await profileOf(counts)) ?? [];
    const r = (await profileOf(rates)) ?? [];
    expect(c.map((p) => p.at)).toEqual(r.map((p) => p.at));
    c.forEach((p, i) => expect(p.rate).toBeCloseTo(r[i]?.rate ?? NaN, 12));
    // Same arrival process, so the same run, byte for byte (the last rate is exact in both here).
    const exactCounts = 'time,count\n00:00,2160\n06:00,7200\n08:00,3600\n12:00,4320\n';
    const exactRates = 'time,rate\n00:00,0.1\n06:00,1\n08:00,0.25\n12:00,0.1\n';
    const a = await runConfig(await loadScenario(scenarioWith(exactCounts).file));
    const b = await runConfig(await loadScenario(scenarioWith(exactRates).file));
    expect(a.summaryJson).toBe(b.summaryJson);
    expect(a.timeline).toBe(b.timeline);
  });

  it("carries the last row's rate over midnight into the time before the first row, and repeats daily", async () => {
    const p = new PiecewiseRate((await profileOf('time,rate\n06:00,3\n18:00,0.5\n')) ?? []);
    expect([p.rateAt(0), p.rateAt(5 * 3600), p.rateAt(7 * 3600), p.rateAt(86400 + 7 * 3600)]).toEqual([
      0.5, 0.5, 3, 3,
    ]);
  });

  it("refuses a count file that does not start at 00:00, so the day's sign-ins are the column's sum", async () => {
    // Starting at 06:00, the last row's rate would also fill 00:00-06:00: 48,000 sign-ins from a column of 36,000.
    expect(await problems('# export\ntime,count\n06:00,36000\n')).toEqual([
      `<dir>/signins.csv:3: time: a count file starts at 00:00, so that its counts cover the day exactly once (the day's total is the column's sum); received "06:00"`,
    ]);
    const s = scenarioWith('time,count\n06:00,36000\n');
    expect(await cli('validate', s.file)).toMatchObject({ code: 2, out: [] });
    // From 00:00, the day's expected sign-ins are the column's sum; a rate file still carries over.
    const day = new PiecewiseRate((await profileOf('time,count\n00:00,0\n06:00,36000\n')) ?? []);
    expect(day.meanRatePerS * 86400).toBeCloseTo(36000, 6);
    expect(await profileOf('time,rate\n06:00,0.5\n')).toEqual([{ at: 21600, rate: 0.5 }]);
  });

  it('names the file and line of every problem, one line each', async () => {
    expect(await problems('time,rate\n07:75,1\n8h,x\n7h,1\n24:00,1\n1,2,3\n09:00,-1\n')).toEqual([
      '<dir>/signins.csv:2: time: expected seconds (27000), a duration (7h30m) or a clock time (07:30); received "07:75"',
      '<dir>/signins.csv:3: rate: expected a number ≥ 0 (sign-ins per second); received "x"',
      '<dir>/signins.csv:4: time: rows are in increasing order of time; received "7h"',
      '<dir>/signins.csv:5: time: a row is within the day (before 24:00); received "24:00"',
      '<dir>/signins.csv:6: a row has 2 fields (time, rate); received 3',
      '<dir>/signins.csv:7: rate: expected a number ≥ 0 (sign-ins per second); received "-1"',
    ]);
    expect(await problems('time,count\n00:00,lots\n')).toEqual([
      '<dir>/signins.csv:2: count: expected a number ≥ 0 (sign-ins); received "lots"',
    ]);
    expect(await problems('# export\ntime,users\n08:00,1\n')).toEqual([
      '<dir>/signins.csv:2: the header is time,rate or time,count; received "time,users"',
    ]);
    expect(await problems('time,rate\n')).toEqual([
      '<dir>/signins.csv:2: a profile has at least one row after the header',
    ]);
    expect(await problems('time,rate\n08:00,"1\n')).toEqual([
      '<dir>/signins.csv:2: a quoted field is closed on its line',
    ]);
    // A quoted field over two lines is refused at its own line, and later problems keep their physical lines.
    expect(await problems('time,rate\n00:00,"1\n"\n08:00,x\n')).toEqual([
      '<dir>/signins.csv:2: a field is on one line',
      '<dir>/signins.csv:4: rate: expected a number ≥ 0 (sign-ins per second); received "x"',
    ]);
    expect(await problems('time,rate\n"00:00\n",1\n08:00,"2\n')).toEqual([
      '<dir>/signins.csv:4: a quoted field is closed on its line',
    ]);
    expect(await problems('time,rate\n08:00,1e-12\n')).toEqual([
      '<dir>/signins.csv:2: rate: a sign-in rate is 0 or at least 1e-9 per second (one in 30 years); received 1e-12',
    ]);
    expect(await problems('time,rate\n00:00,1\n08:00,1e300\n')).toEqual([
      '<dir>/signins.csv:3: rate: a sign-in rate is at most 1e6 sign-ins per second; received 1e+300',
    ]);
    expect(await problems('time,count\n00:00,1e300\n')).toEqual([
      `<dir>/signins.csv:2: count: a sign-in rate is at most 1e6 sign-ins per second (count / the interval's seconds); received ${1e300 / 86400}`,
    ]);
  });

  it('applies the input size cap and names a missing file at the scenario key', async () => {
    const big = `time,rate\n${'0,1\n'.repeat(MAX_SCENARIO_BYTES / 4)}`;
    expect(await problems(big)).toEqual([
      `<dir>/signins.csv: a profile file is at most ${MAX_SCENARIO_BYTES} bytes; received ${big.length} bytes`,
    ]);
    const s = scenarioWith('time,rate\n0,1\n', SCENARIO.replace('signins.csv', 'nothing.csv'));
    await expect(loadScenario(s.file)).rejects.toThrow(
      `${s.file}: workload.arrivals.profileFile: a profile file that exists (looked for at "${join(s.dir, 'nothing.csv')}", relative to the scenario file's folder); received "nothing.csv"`,
    );
    // A scenario from a pipe looks in the working folder, and says so with the path it tried.
    const piped = { workload: { arrivals: { profileFile: 'nothing.csv' } } };
    await expect(withProfileFile(piped, '/dev/null')).rejects.toThrow(
      `/dev/null: workload.arrivals.profileFile: a profile file that exists (looked for at "${join(process.cwd(), 'nothing.csv')}", relative to the working folder, as the scenario is not a regular file); received "nothing.csv"`,
    );
    const both = scenarioWith(
      'time,rate\n0,1\n',
      SCENARIO.replace('{ profileFile:', '{ rate: 1, profileFile:'),
    );
    await expect(loadScenario(both.file)).rejects.toThrow(
      'workload.arrivals: arrivals has exactly one of rate (sign-ins per second), profile ([{ at, rate }, ...]) or profileFile (a CSV file)',
    );
  });

  it("takes a relative path from the scenario's folder, or from the working folder for a scenario read from a pipe", () => {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'name: s\n');
    expect(profilePath(file, 'in.csv')).toBe(join(dir, 'in.csv'));
    expect(profilePath(file, '/abs/in.csv')).toBe('/abs/in.csv');
    // /dev/stdin, <(cat f) and the like are not regular files: their folder says nothing of the user's files.
    expect(profilePath('/dev/null', 'in.csv')).toBe('in.csv');
  });

  it('is validated and run by the CLI: a bad file exits 2 with its line, writing nothing', async () => {
    const s = scenarioWith('time,rate\n08:00,x\n');
    const out = join(s.dir, 'out');
    expect(await cli('run', s.file, '--out', out)).toEqual({
      code: 2,
      out: [],
      err: [`${s.csv}:2: rate: expected a number ≥ 0 (sign-ins per second); received "x"`],
    });
    writeFileSync(s.csv, 'time,rate\n0,0.01\n');
    expect((await cli('validate', s.file)).code).toBe(0);
  });

  it("makes the file's contents part of the experiment: shards of two versions of the file do not merge", async () => {
    const s = scenarioWith('time,rate\n0,0.01\n');
    const shard = (i: number) =>
      cli(
        'run',
        s.file,
        '--replications',
        '2',
        '--shard',
        `${i}/2`,
        '--out',
        join(s.dir, `s${i}`),
        '--quiet',
      );
    expect((await shard(0)).code).toBe(0);
    writeFileSync(s.csv, 'time,rate\n0,0.02\n');
    expect((await shard(1)).code).toBe(0);
    const merged = await cli('merge', join(s.dir, 's0'), join(s.dir, 's1'), '--out', join(s.dir, 'm'));
    expect(merged.code).toBe(2);
    expect(merged.err[0]).toContain('a shard of another experiment');
    const partial = (i: number) =>
      JSON.parse(readFileSync(join(s.dir, `s${i}`, 'partial.json'), 'utf8')) as { fingerprint: string };
    expect(partial(0).fingerprint).not.toBe(partial(1).fingerprint);
  });

  it('is scaled by plan --users like a profile written in the scenario', async () => {
    const s = scenarioWith('time,count\n00:00,3600\n08:00,7200\n');
    const { config, data } = await readScenarioData(s.file);
    const v = buildVariant(
      { file: s.file, data, config },
      { pool: 0, count: null, users: 60, failed: 0, failAtS: 3600 },
    );
    expect(v.config.workload.initialConnected).toBe(60);
    expect(v.config.workload.arrivals).toEqual(
      config.workload.arrivals?.map((p) => ({ at: p.at, rate: p.rate * 3 })),
    );
  });
});

describe('a profile file fed anything', () => {
  /** Bits of CSV and of times and numbers, so random files reach every rule. */
  const piece = fc.oneof(
    fc.constantFrom(
      'time',
      'rate',
      'count',
      ',',
      '\n',
      '\r\n',
      '"',
      '#',
      ' ',
      ':',
      'h',
      'm',
      's',
      '.',
      '-',
      'e',
    ),
    fc.constantFrom('07:30', '7h30m', '24:00', '99:59', '1e-12', 'NaN', 'Infinity', '1e400'),
    fc.nat(100_000).map(String),
    fc.string({ maxLength: 4 }),
  );
  const text = fc.oneof(
    fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
    fc.array(piece, { maxLength: 60 }).map((p) => `time,rate\n${p.join('')}`),
    fc.array(piece, { maxLength: 60 }).map((p) => `time,count\n${p.join('')}`),
  );

  it('loads or fails with one "file:line: rule" line per problem, never anything else', async () => {
    const s = scenarioWith('time,rate\n0,1\n');
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        writeFileSync(s.csv, csv);
        try {
          const config = await loadScenario(s.file);
          for (const p of config.workload.arrivals ?? []) {
            expect(p.at >= 0 && p.at < 86400 && Number.isFinite(p.rate) && p.rate >= 0).toBe(true);
          }
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          for (const line of e.message.split('\n')) expect(line).toMatch(/^\S+\.csv(:\d+)?: \S/);
        }
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});
