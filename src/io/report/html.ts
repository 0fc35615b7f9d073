// Tiny HTML helpers for the report: escaping, and numbers written the same way everywhere.

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for people: thousands separators, at most `digits` decimals; `–` for null/NaN. */
export function num(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const fixed = Math.abs(x).toFixed(digits);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac === undefined ? '' : frac.replace(/0+$/, '');
  return `${x < 0 ? '-' : ''}${grouped}${trimmed === '' ? '' : `.${trimmed}`}`;
}

/** A fraction as a percentage, e.g. 0.00123 → `0.123%`. */
export function pct(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? '–' : `${num(x * 100, digits)}%`;
}
