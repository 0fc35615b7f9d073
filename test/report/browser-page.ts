// Opens a report.html in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and
// reads what a planner sees: charts, tables, key-figure cards; records console problems and requests.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** The few DOM calls the page-side check uses (the test is compiled without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
  getBoundingClientRect(): { readonly width: number; readonly height: number };
}
declare const document: PageElement & {
  readonly title: string;
  getElementById(id: string): PageElement | null;
};

export const CHROMIUM = '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM);

/** A key-figure card: its summary.json path, the number it stands for, and the text it shows. */
export interface Card {
  readonly key: string | null;
  readonly value: string | null;
  readonly shown: string;
}

/** What the page shows. */
export interface Seen {
  readonly title: string;
  readonly charts: { file: string | null; width: number; height: number; lines: number }[];
  readonly tables: Record<string, number>;
  readonly cards: Card[];
  /** Cells of a comparison's key-figure table: figure path, run index, value, text shown. */
  readonly cells: { key: string | null; run: string | null; value: string | null; shown: string }[];
  /** Cells of a sweep's table of points: the point (its row's header), sweep.csv column, value, text. */
  readonly points: { point: string; key: string | null; value: string | null; shown: string }[];
  /** Cells of a plan's evidence table: the plan.csv row and column they name, the value, the text. */
  readonly evidence: { row: string | null; column: string | null; value: string | null; shown: string }[];
  readonly text: string;
  readonly summary: unknown;
}

/** Loads `file` and returns what it shows, the console problems and every request made. */
export async function openReport(
  file: string,
): Promise<{ seen: Seen; problems: string[]; requests: string[]; url: string }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    const seen = await page.evaluate((): Seen => {
      const tables: Record<string, number> = {};
      for (const t of document.querySelectorAll('table')) {
        const cls = t.getAttribute('class') ?? '';
        tables[cls] = t.querySelectorAll('tbody tr').length;
      }
      return {
        title: document.title,
        charts: [...document.querySelectorAll('#charts figure.chart')].map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            file: f.getAttribute('data-file'),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            lines: svg?.querySelectorAll('path').length ?? 0,
          };
        }),
        tables,
        cards: [...document.querySelectorAll('#key-figures .card')].map((c) => ({
          key: c.getAttribute('data-key'),
          value: c.getAttribute('data-value'),
          shown: c.querySelector('b')?.textContent ?? '',
        })),
        cells: [...document.querySelectorAll('table.compare td[data-run]')].map((c) => ({
          key: c.getAttribute('data-key'),
          run: c.getAttribute('data-run'),
          value: c.getAttribute('data-value'),
          shown: c.textContent ?? '',
        })),
        points: [...document.querySelectorAll('table.points tbody tr')].flatMap((r) =>
          [...r.querySelectorAll('td[data-key]')].map((c) => ({
            point: r.querySelector('th')?.textContent ?? '',
            key: c.getAttribute('data-key'),
            value: c.getAttribute('data-value'),
            shown: c.textContent ?? '',
          })),
        ),
        evidence: [...document.querySelectorAll('table.evidence tbody tr')].flatMap((r) =>
          [...r.querySelectorAll('td[data-column]')].map((c) => ({
            row: r.getAttribute('data-row'),
            column: c.getAttribute('data-column'),
            value: c.getAttribute('data-value'),
            shown: c.textContent ?? '',
          })),
        ),
        text: document.querySelector('body')?.textContent ?? '',
        summary: JSON.parse(document.getElementById('summary-data')?.textContent ?? 'null') as unknown,
      };
    });
    return { seen, problems, requests, url };
  } finally {
    await browser.close();
  }
}

/** The number a card's text starts with: `60,024`, `0.123%`, `4m59s`, `1h00m30s`, `2d03h15m00s`; NaN for words. */
export function shownNumber(text: string): number {
  const t = text.trim();
  const time = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:\s|$|\()/.exec(t);
  if (time !== null && time[0].trim() !== '' && /[dhms]/.test(time[0]))
    return (
      Number(time[1] ?? 0) * 86_400 +
      Number(time[2] ?? 0) * 3600 +
      Number(time[3] ?? 0) * 60 +
      Number(time[4] ?? 0)
    );
  const n = /^-?[\d,]+(?:\.\d+)?%?/.exec(t)?.[0];
  if (n === undefined) return NaN;
  const x = Number(n.replace(/[,%]/g, ''));
  return n.endsWith('%') ? x / 100 : x;
}

/**
 * Writes a screenshot of the top of a report (1200 × 900 pixels) to `png` and returns the key-figure
 * cards it shows (their figure and value), which the docs test checks in place of pixels.
 */
export async function screenshotTop(
  file: string,
  png: string,
): Promise<{ key: string | null; value: string | null }[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.screenshot({ path: png });
    return await page.evaluate(() =>
      [...document.querySelectorAll('#key-figures .card')].map((c) => ({
        key: c.getAttribute('data-key'),
        value: c.getAttribute('data-value'),
      })),
    );
  } finally {
    await browser.close();
  }
}
