// A measured sign-in profile (`workload.arrivals: { profileFile: signins.csv }`): a CSV read with
// fast-csv into the same daily piecewise-constant `profile` the scenario key gives, so everything
// downstream (the arrival process, shard fingerprints, plan's scaling) sees its contents. Every
// problem is one line `file:line: column: rule; received X`.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseString } from 'fast-csv';
import { issue, ScenarioError, type Issue } from '../errors.js';
import { parseDuration } from './duration.js';
import { readScenarioText } from './input-guard.js';
import { oneLine, quote } from './issue-format.js';
import { BOUNDS, signInRateRule } from './bounds.js';
import { MIN_RATE_PER_S } from './model-limits.js';

const DAY_S = 86_400;
/** Problems listed before the rest are counted in one line, as for scenario files. */
const MAX_ISSUES = 50;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;
const SECONDS = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const NUMBER = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const TIME_RULE = 'expected seconds (27000), a duration (7h30m) or a clock time (07:30)';
/** A count file's first row: with a later start, the last row's rate would also fill the hours before it. */
const COUNT_START_RULE =
  "a count file starts at 00:00, so that its counts cover the day exactly once (the day's total is the column's sum)";

/** One rate change of the day: from `at` seconds after midnight on, `rate` sign-ins per second. */
export interface ProfilePoint {
  readonly at: number;
  readonly rate: number;
}

/**
 * The profile file of a scenario: a relative path is taken from the scenario file's folder, or from the
 * working folder when the scenario is not a regular file (read from a pipe: `/dev/stdin`, `<(cat f)`).
 */
export function profilePath(scenarioFile: string, profileFile: string): string {
  if (isAbsolute(profileFile)) return profileFile;
  return join(isRegularFile(scenarioFile) ? dirname(scenarioFile) : '.', profileFile);
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Seconds after midnight from `07:30`, `7h30m` or `27000`; undefined when none of these. */
export function parseTimeOfDay(text: string): number | undefined {
  const clock = CLOCK.exec(text);
  if (clock !== null) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    return m < 60 && s < 60 ? h * 3600 + m * 60 + s : undefined;
  }
  return SECONDS.test(text) ? Number(text) : parseDuration(text);
}

/** One CSV record: its fields (trimmed), the physical line it starts on, and how many lines it takes. */
interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
  readonly lines: number;
}

/**
 * The CSV's records, as fast-csv parses them (blank and `#` lines kept as empty records), each with the
 * physical line it starts on: a quoted field may hold line breaks, so record i is not always line i + 1.
 */
async function records(text: string, file: string): Promise<CsvRecord[]> {
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l));
  const rows: CsvRecord[] = [];
  let line = 1;
  try {
    await new Promise<void>((done, fail) => {
      // Untrimmed, so the line breaks inside quoted fields can be counted; trimmed below.
      parseString<string[], string[]>(lines.join('\n'), { headers: false, ignoreEmpty: false, trim: false })
        .on('data', (r: string[]) => {
          const breaks = r.reduce((n, c) => n + c.split('\n').length - 1, 0);
          rows.push({ cells: r.map((c) => c.trim()), line, lines: 1 + breaks });
          line += 1 + breaks;
        })
        .on('error', fail)
        .on('end', () => done());
    });
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const why = text.includes('missing closing')
      ? 'a quoted field is closed on its line'
      : `CSV (${oneLine(text)})`;
    throw new ScenarioError(file, [{ ...issue('', why), line }]);
  }
  return rows;
}

/** One data row's time (undefined if unusable) and value (NaN if bad); its problems go to `out`. */
function readRow(
  row: string[],
  column: string,
  line: number,
  prevAt: number,
  out: Issue[],
): { at: number | undefined; rate: number } {
  const at = (path: string, rule: string, received?: string): void => {
    out.push({ ...issue(path, rule, received ?? null), line });
  };
  if (row.length !== 2) {
    at('', `a row has 2 fields (time, ${column})`, `${row.length}`);
    return { at: undefined, rate: NaN };
  }
  const [timeText, valueText] = row as [string, string];
  const t = parseTimeOfDay(timeText);
  if (t === undefined) at('time', TIME_RULE, quote(timeText));
  else if (t >= DAY_S) at('time', 'a row is within the day (before 24:00)', quote(timeText));
  else if (t <= prevAt) at('time', 'rows are in increasing order of time', quote(timeText));
  const v = NUMBER.test(valueText) ? Number(valueText) : NaN;
  if (!Number.isFinite(v))
    at(
      column,
      `expected a number ≥ 0 (${column === 'rate' ? 'sign-ins per second' : 'sign-ins'})`,
      quote(valueText),
    );
  return { at: t === undefined || t >= DAY_S ? undefined : t, rate: v };
}

/** A record with a field that is not empty: the header, then the data rows. */
type Filled = CsvRecord & { readonly r: string[] };

/** Rows → profile points; a `count` becomes its rate over the row's span (to the next row, or midnight). */
function pointsOf(rows: readonly CsvRecord[], file: string): ProfilePoint[] {
  const filled = rows.filter(({ cells }) => cells.some((c) => c !== '')).map((x) => ({ ...x, r: x.cells }));
  const column = headerColumn(filled, file);
  const out: Issue[] = [];
  const points = dataPoints(filled, column, out);
  if (filled.length < 2)
    out.push({
      ...issue('', 'a profile has at least one row after the header'),
      line: rows.reduce((end, x) => x.line + x.lines, 1),
    });
  if (out.length > 0) throw profileError(file, out);
  const rates =
    column === 'rate'
      ? points
      : points.map((p, i) => ({ at: p.at, rate: p.rate / ((points[i + 1]?.at ?? DAY_S) - p.at) }));
  checkRates(rates, column, filled, file);
  return rates;
}

/** The value column the header names: `rate` or `count`. @throws ScenarioError for any other header. */
function headerColumn(filled: readonly Filled[], file: string): 'rate' | 'count' {
  const header = filled[0];
  const column =
    header?.r.length === 2 && header.r[0]?.toLowerCase() === 'time' ? header.r[1]?.toLowerCase() : '';
  if (header === undefined || (column !== 'rate' && column !== 'count'))
    throw new ScenarioError(file, [
      {
        ...issue('', 'the header is time,rate or time,count', header ? quote(header.r.join(',')) : 'nothing'),
        line: header?.line ?? 1,
      },
    ]);
  return column;
}

/** The data rows' points, in increasing time; each row's problems go to `out`. */
function dataPoints(filled: readonly Filled[], column: 'rate' | 'count', out: Issue[]): ProfilePoint[] {
  const points: ProfilePoint[] = [];
  let prevAt = -1;
  for (const [i, { r, line, lines }] of filled.slice(1).entries()) {
    if (lines > 1) {
      out.push({ ...issue('', 'a field is on one line'), line });
      continue;
    }
    const { at, rate } = readRow(r, column, line, prevAt, out);
    if (i === 0 && column === 'count' && at !== undefined && at > 0)
      out.push({ ...issue('time', COUNT_START_RULE, quote(r[0] ?? '')), line });
    if (at !== undefined && at > prevAt && Number.isFinite(rate)) points.push({ at, rate });
    if (at !== undefined) prevAt = Math.max(prevAt, at);
  }
  return points;
}

/** Every rate is 0 or a rate the arrival process can draw. @throws ScenarioError at the first that is not. */
function checkRates(
  rates: readonly ProfilePoint[],
  column: 'rate' | 'count',
  filled: readonly Filled[],
  file: string,
): void {
  const bad = rates.findIndex(
    (p) => (p.rate > 0 && p.rate < MIN_RATE_PER_S) || p.rate > BOUNDS.maxSignInRatePerS,
  );
  const rate = rates[bad]?.rate ?? 0;
  if (bad !== -1)
    throw profileError(file, [
      {
        ...issue(
          column,
          rate > BOUNDS.maxSignInRatePerS
            ? `a sign-in rate is ${signInRateRule()}${column === 'count' ? " (count / the interval's seconds)" : ''}`
            : `a sign-in rate is 0 or at least ${MIN_RATE_PER_S} per second (one in 30 years)`,
          `${rate}`,
        ),
        line: filled[bad + 1]?.line ?? 1,
      },
    ]);
}

function profileError(file: string, issues: Issue[]): ScenarioError {
  const shown = issues.slice(0, MAX_ISSUES);
  if (issues.length > MAX_ISSUES)
    shown.push(issue('', `${issues.length - MAX_ISSUES} more problems not shown`));
  return new ScenarioError(file, shown);
}

/**
 * Reads a profile file (size-capped, UTF-8, like a scenario file) into the day's rate changes.
 * @throws ScenarioError with one `file:line: rule` line per problem.
 */
export async function readProfileFile(file: string): Promise<ProfilePoint[]> {
  const text = readScenarioText(file, 'a profile file');
  return pointsOf(await records(text, file), file);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A scenario's object with `workload.arrivals.profileFile` read into `profile` (the file's contents
 * become part of the scenario); anything else is returned as it is, for the schema to judge.
 * @throws ScenarioError naming the profile file, for a file that cannot be read or is not a profile.
 */
export async function withProfileFile(data: unknown, scenarioFile: string): Promise<unknown> {
  if (!isObj(data) || !isObj(data['workload'])) return data;
  const w = data['workload'];
  const a = w['arrivals'];
  if (!isObj(a) || typeof a['profileFile'] !== 'string' || Object.keys(a).length !== 1) return data;
  const name = a['profileFile'];
  const path = profilePath(scenarioFile, name);
  if (name === '' || !existsSync(path)) {
    const from = isAbsolute(name)
      ? ''
      : isRegularFile(scenarioFile)
        ? ", relative to the scenario file's folder"
        : ', relative to the working folder, as the scenario is not a regular file';
    throw new ScenarioError(scenarioFile, [
      issue(
        'workload.arrivals.profileFile',
        `a profile file that exists (looked for at ${quote(resolve(path))}${from})`,
        quote(name),
      ),
    ]);
  }
  const profile = await readProfileFile(path);
  return { ...data, workload: { ...w, arrivals: { profile } } };
}
