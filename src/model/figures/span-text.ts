// The one way a span or an instant of the run is written for people, on every surface (terminal,
// report, charts, warnings, progress): hours, minutes and seconds to the second, `1h00m30s`.

const DAY = 86_400;
const HOUR = 3600;
const MIN = 60;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Seconds in words: `12s`, `0.25s` (under a minute, three significant digits), `4m30s`, `1h00m30s`
 * (3,630 s), `2d03h15m00s`; a negative span gets a minus sign (a difference), Infinity reads "never".
 */
export function spanText(seconds: number): string {
  if (Number.isNaN(seconds)) return 'NaN';
  if (seconds < 0) return `-${spanText(-seconds)}`;
  if (seconds === Infinity) return 'never';
  if (seconds < MIN) return `${Number(seconds.toPrecision(3))}s`;
  const whole = Math.round(seconds);
  const d = Math.floor(whole / DAY);
  const h = Math.floor((whole % DAY) / HOUR);
  const m = Math.floor((whole % HOUR) / MIN);
  const s = two(whole % MIN);
  if (d > 0) return `${d}d${two(h)}h${two(m)}m${s}s`;
  return h > 0 ? `${h}h${two(m)}m${s}s` : `${m}m${s}s`;
}
