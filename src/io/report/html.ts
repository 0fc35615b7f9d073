// Tiny HTML helpers for the report: escaping, numbers written the same way everywhere, and the one
// page head every report shares.

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

/**
 * The opening of a self-contained report page up to `<body>`: a Content-Security-Policy that forbids any
 * request (styles inline, images as data: URLs only), the page's `title` (escaped) and its `style`.
 */
export function pageHead(title: string, style: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>${style}</style></head>
<body>`;
}
