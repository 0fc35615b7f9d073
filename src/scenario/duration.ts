// Durations in scenario files: a number means seconds; a string carries its units ("90s", "15m", "2h45m", "7d").

const UNIT_S: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
// One or more number+unit parts, largest unit first by convention: "90s", "2h45m", "1d12h".
const WHOLE = /^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ms|s|m|h|d|w)\s*)+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d|w)/g;

/**
 * Parses a duration to seconds.
 * @returns seconds (finite, ≥ 0), or undefined when `value` is not a valid duration.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (!WHOLE.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(PART)) total += Number(m[1]) * (UNIT_S[m[2] ?? ''] ?? NaN);
  return Number.isFinite(total) ? total : undefined;
}

/** Formats seconds for people: "90s", "15m", "8h", "1.5d" (the largest unit that divides evenly, else seconds). */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
