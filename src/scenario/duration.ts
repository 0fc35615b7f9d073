// Times in scenario files and options: a number means seconds; a string carries its units ("90s", "15m",
// "2h45m", "7d") or is a clock time of the run ("08:15", "1d 08:15"), t = 0 being 00:00 of day 0 as in
// the profile CSVs. The one parser every key and option reads times with.

const UNIT_S: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
// One or more number+unit parts, largest unit first by convention: "90s", "2h45m", "1d12h".
const WHOLE = /^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ms|s|m|h|d|w)\s*)+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d|w)/g;
// A clock time, optionally after whole days: "08:15", "8:15:30", "1d 08:15". "1d" alone is a duration.
const CLOCK = /^\s*(?:(\d+)\s*d\s*)?(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*$/;

/** What a time may look like, for messages and the JSON Schema's descriptions. */
export const DURATION_FORMS =
  'a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"';

/** The string forms as one regular expression (the JSON Schema's `pattern`; the parser also checks ranges). */
export const DURATION_PATTERN = `^(?:${WHOLE.source.slice(1, -1)}|${CLOCK.source.slice(1, -1)})$`;

/** Seconds of a clock time "[Nd ]HH:MM[:SS]"; undefined when not one or out of range (24:00, 08:60). */
function clockSeconds(text: string): number | undefined {
  const m = CLOCK.exec(text);
  if (m === null) return undefined;
  const [d, h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h >= 24 || min >= 60 || s >= 60) return undefined;
  return d * 86400 + h * 3600 + min * 60 + s;
}

/**
 * Parses a duration or a clock time of the run to seconds: `90`, `"15m"`, `"2h45m"`, `"08:15"` (29,700),
 * `"1d 08:15"` (116,100); `"1d"` alone is a duration (86,400).
 * @returns seconds (finite, ≥ 0), or undefined when `value` is neither.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (!WHOLE.test(value)) return clockSeconds(value);
  let total = 0;
  for (const m of value.matchAll(PART)) total += Number(m[1]) * (UNIT_S[m[2] ?? ''] ?? NaN);
  return Number.isFinite(total) ? total : undefined;
}
