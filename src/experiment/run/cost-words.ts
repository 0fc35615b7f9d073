// How the cost estimate's figures read in a refusal: powers of ten, bytes in kB to EB, durations from
// minutes to years.

/** `x` to two figures in powers of ten (`2.0e9`), or `unbounded`. */
export function sci(x: number): string {
  return x === Infinity ? 'unbounded' : x.toPrecision(2).replace('e+', 'e');
}

/** `b` bytes in B, kB … EB to two or three figures, or `unbounded bytes`. */
export function bytes(b: number): string {
  if (b === Infinity) return 'unbounded bytes';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) {
    b /= 1000;
    i++;
  }
  return `${b < 10 ? b.toPrecision(2) : b < 1000 ? Math.round(b) : sci(b)} ${units[i] ?? ''}`;
}

/** Beyond this many years a wall-clock figure says nothing more (assumption). */
const MAX_SHOWN_YEARS = 1e6;

/** About how long `s` seconds is: `~3 min`, `~110 days`, `~12 years`, or beyond a million years, no figure. */
export function duration(s: number): string {
  if (s === Infinity) return '~forever';
  if (s < 3600) return `~${Math.ceil(s / 60)} min`;
  if (s < 86400 * 2) return `~${(s / 3600).toPrecision(2)} h`;
  const days = s / 86400;
  if (days < 1000) return `~${days < 100 ? days.toPrecision(2) : Math.round(days)} days`;
  const years = days / 365.25;
  if (years < MAX_SHOWN_YEARS) return `~${Math.round(years).toLocaleString('en-US')} years`;
  return `more than ${sci(MAX_SHOWN_YEARS)} years`;
}
