// Opens report.html in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// no console errors, no request other than the file itself, charts and summary present.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { tempDir } from '../helpers.js';

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

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser)
  console.warn(
    `skipping the report.html browser test: ${CHROMIUM} is not installed (apt-get install chromium; CI's .ci/run installs it)`,
  );

describe.skipIf(!haveBrowser)('report.html in a browser', () => {
  it('loads with no console errors and no network requests, and shows the charts and the summary', async () => {
    const out = join(tempDir(), 'default');
    expect(await runCli(['run', '--out', out, '--quiet'], { out: () => {}, err: () => {} })).toBe(0);
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
      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      const seen = await page.evaluate(() => ({
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
        servers: document.querySelectorAll('table.servers tbody tr').length,
        keyFigures: document.querySelectorAll('#key-figures .card').length,
        topology: document.querySelectorAll('#scenario svg.topology rect').length,
        summary: JSON.parse(document.getElementById('summary-data')?.textContent ?? 'null') as {
          scenario?: string;
        } | null,
      }));
      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(requests).toEqual([url]);
      expect(seen.title).toBe('pchat-sim: default');
      expect(seen.charts.map((c) => c.file)).toEqual([
        'chart-servers.svg',
        'chart-users.svg',
        'chart-active.svg',
      ]);
      for (const c of seen.charts) {
        expect(c.width).toBeGreaterThan(300);
        expect(c.height).toBeGreaterThan(100);
        expect(c.lines).toBeGreaterThan(10);
      }
      expect(seen.servers).toBe(8);
      expect(seen.keyFigures).toBe(5);
      expect(seen.topology).toBeGreaterThanOrEqual(10);
      expect(seen.summary?.scenario).toBe('default');
    } finally {
      await browser.close();
    }
  });
});
