// Durations in scenario files: a number means seconds; a string carries its unit ("90s", "15m", "8h", "7d").

const UNIT_S: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d|w)\s*$/;

/**
 * Parses a duration to seconds.
 * @returns seconds (finite, ≥ 0), or undefined when `value` is not a valid duration.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = PATTERN.exec(value);
  if (m === null) return undefined;
  const n = Number(m[1]);
  const unit = UNIT_S[m[2] ?? ''];
  if (unit === undefined || !Number.isFinite(n)) return undefined;
  return n * unit;
}

/** Formats seconds for people: "90s", "15m", "8h", "1.5d" (the largest unit that divides evenly, else seconds). */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
