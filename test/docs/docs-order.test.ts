// README and every docs page run as a planner reads them: `npm start` first, then every `npx pchat-sim`
// line of README.md and of docs/*.md in reading order, in one folder, each with exit 0 and nothing on
// stderr. Then every picture, quoted figure and excerpt of output on the pages is the one its command
// writes: SVGs byte for byte, a report screenshot by its key-figure cards' data-values (not pixels).
// npm test runs the costly lines smaller (see command-lines.ts) and checks what the exact lines wrote;
// `npm run validate` runs every line exactly and checks everything; `npm run docs` rewrites them all.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';
import { haveBrowser, openReport, screenshotTop } from '../report/browser-page.js';
import { argsOf, built, inProcess, ROOT, runsOf, smaller, VALIDATE } from '../validation/command-lines.js';
import { docPages, figureNow, outputNow, readPage, refreshed, type Page } from './doc-pages.js';

/** `npm run docs`: rewrite the pictures, figures and excerpts instead of checking them. */
const UPDATE = process.env['PCHAT_SIM_DOCS'] === 'update';
const EXACT_ALWAYS = VALIDATE || UPDATE;

/**
 * What a line may cost and still run as written in npm test: 8 replications (the pages' replicated
 * pictures), or a sweep of 24 runs of a short scenario (the sweep picture); a plan or shards never.
 */
const MAX_EXACT_REPLICATIONS = 8;
const MAX_EXACT_SWEEP_RUNS = 24;

/** A line npm test runs smaller (see command-lines.ts). */
function costly(args: readonly string[]): boolean {
  if (args[0] === 'plan' || args.includes('--shard')) return true;
  return runsOf(args) > (args[0] === 'sweep' ? MAX_EXACT_SWEEP_RUNS : MAX_EXACT_REPLICATIONS);
}

/** Results folders and the time their manifest was written: what a line wrote shows as a change. */
function folders(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const results = join(dir, 'results');
  if (!existsSync(results)) return out;
  for (const f of readdirSync(results)) {
    const manifest = join(results, f, '.pchat-sim-output.json');
    if (existsSync(manifest)) out.set(`results/${f}`, statSync(manifest).mtimeMs);
  }
  return out;
}

const pages: Page[] = docPages(ROOT).map((p) => readPage(ROOT, p));

const relativeCards = (file: string): string => file.slice(ROOT.length + 1);

describe(`README and docs in the order shown (${EXACT_ALWAYS ? 'exactly as written' : 'costly lines smaller'})`, () => {
  const cwd = process.cwd();
  const dir = tempDir('pchat-sim-docs-');
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  afterAll(() => process.chdir(cwd));
  /** Folders written by lines run exactly as written (their files are the ones the pages show). */
  const exact = new Set<string>();

  it('finds commands on the pages, and every file of docs/pictures/ is shown on one', () => {
    expect(pages[0]?.path).toBe('README.md');
    expect(pages.flatMap((p) => p.commands).length).toBeGreaterThan(10);
    const shown = new Set(pages.flatMap((p) => p.pictures.map((x) => x.doc)));
    const files = existsSync(join(ROOT, 'docs/pictures'))
      ? readdirSync(join(ROOT, 'docs/pictures'), { recursive: true, encoding: 'utf8' })
          .map((f) => `docs/pictures/${f.split('\\').join('/')}`)
          .filter((f) => /\.(svg|png)$/.test(f))
      : [];
    expect(files.filter((f) => !shown.has(f))).toEqual([]);
  });

  it('runs `npm start`, then every line of every page with exit 0 and nothing on stderr', async () => {
    if (VALIDATE) ensureBuilt();
    else process.chdir(dir);
    // `npm start` is `pchat-sim run --force`; a line's `*` is matched when its turn comes.
    for (const line of ['npx pchat-sim run --force', ...pages.flatMap((p) => p.commands)]) {
      const args = argsOf(line, dir);
      const before = folders(dir);
      const whole = EXACT_ALWAYS || !costly(args);
      const r = VALIDATE ? built(args, dir) : await inProcess(whole ? args : smaller(args));
      expect({ line, ...r }).toEqual({ line, code: 0, err: [] });
      // A line's files are exact when it ran as written from exact inputs (merge, compare read folders).
      const inputs = args.filter((a) => a.startsWith('results/'));
      const fromExact = inputs.every((a) => exact.has(a.replace(/\/$/, '')) || !before.has(a));
      for (const [f, t] of folders(dir))
        if (before.get(f) !== t) {
          if (whole && fromExact) exact.add(f);
          else exact.delete(f);
        }
    }
  }, 3_600_000);

  it('shows every picture, figure and excerpt as its command writes it', async () => {
    const wrong: string[] = [];
    for (const page of pages) {
      for (const p of page.pictures) {
        const produced = join(dir, p.source);
        expect(existsSync(produced), `${p.doc}: ${p.source} was written by a line of the pages`).toBe(true);
        const folder = p.source.split('/').slice(0, 2).join('/');
        if (!exact.has(folder)) continue;
        const committed = join(ROOT, p.doc);
        if (p.screenshot) {
          const cardsFile = committed.replace(/\.png$/, '.cards.json');
          if (UPDATE) {
            mkdirSync(dirname(committed), { recursive: true });
            const cards = await screenshotTop(produced, committed);
            writeFileSync(cardsFile, `${JSON.stringify(cards, null, 2)}\n`);
          } else if (haveBrowser) {
            const shown = await openReport(produced);
            const cards = shown.seen.cards.map((c) => ({ key: c.key, value: c.value }));
            if (!existsSync(cardsFile) || JSON.stringify(cards) !== JSON.stringify(JSON.parse(readFileSync(cardsFile, 'utf8'))))
              wrong.push(`${p.doc}: the report's key-figure cards differ from ${relativeCards(cardsFile)}`);
          }
          continue;
        }
        if (UPDATE) {
          mkdirSync(dirname(committed), { recursive: true });
          cpSync(produced, committed);
        } else if (!existsSync(committed) || !readFileSync(committed).equals(readFileSync(produced)))
          wrong.push(`${p.doc} differs from ${p.source}`);
      }
      const quotes = [
        ...page.figures.map((f) => ({ file: f.file, stale: f.shown !== figureNow(dir, f), what: `${f.path} (${f.shown})` })),
        ...page.outputs.map((o) => ({ file: o.file, stale: outputNow(dir, o).join('\n') !== o.lines.join('\n'), what: `"${o.from}…"` })),
      ];
      for (const q of quotes)
        if (exact.has(q.file.split('/').slice(0, 2).join('/')) && q.stale) wrong.push(`${page.path}: ${q.what} of ${q.file}`);
      if (UPDATE) writeFileSync(join(ROOT, page.path), refreshed(dir, page));
    }
    expect(wrong, 'stale pictures or quotes: run `npm run docs`').toEqual(UPDATE ? wrong : []);
  }, 600_000);
});
