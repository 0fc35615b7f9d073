// The pages a planner reads (README.md, then docs/*.md in reading order) and what in them comes from a
// command: the `npx pchat-sim` lines of their sh blocks, the pictures (an image under docs/pictures/
// mirrors the results/ file of the same path, a `report-top.png` is the top of that folder's
// report.html), the figures quoted in the text (`<!--fig results/x/summary.json path format-->17,408
// <!--/fig-->`) and the excerpts of output (`<!--output results/x/plan.txt "first words"-->` before a
// fenced block). `npm run docs` rewrites the pictures, figures and excerpts; the docs test checks them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { spanText } from '../../src/model/figures/span-text.js';

/** docs/ pages in reading order; any other page of docs/ follows, by name. */
const ORDER = ['guide.md', 'scenario-reference.md', 'outputs.md', 'experiments.md', 'deployment.md'];

/** Every page, README first, as paths from the repository root. */
export function docPages(root: string): string[] {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))
    : [];
  const ordered = [...ORDER.filter((f) => docs.includes(f)), ...docs.filter((f) => !ORDER.includes(f)).sort()];
  return ['README.md', ...ordered.map((f) => join('docs', f))];
}

/** A picture of a page: its file under docs/pictures/ and the results/ file it is a copy of. */
export interface Picture {
  readonly page: string;
  readonly doc: string;
  /** The results/ file it copies; for `report-top.png`, the report.html whose top it shows. */
  readonly source: string;
  readonly screenshot: boolean;
}

/** A figure quoted in a page's text, between its two comments. */
export interface QuotedFigure {
  readonly page: string;
  readonly file: string;
  readonly path: string;
  readonly format: string;
  readonly shown: string;
  /** The whole marked text, to replace. */
  readonly marked: string;
}

/** A fenced block quoting a text file's lines, from the first line that starts with `from`. */
export interface QuotedOutput {
  readonly page: string;
  readonly file: string;
  readonly from: string;
  readonly lines: readonly string[];
  readonly marked: string;
}

export interface Page {
  readonly path: string;
  readonly text: string;
  readonly commands: readonly string[];
  readonly pictures: readonly Picture[];
  readonly figures: readonly QuotedFigure[];
  readonly outputs: readonly QuotedOutput[];
}

const PICTURES = 'docs/pictures/';

/** Reads a page and what in it comes from a command. */
export function readPage(root: string, path: string): Page {
  const text = readFileSync(join(root, path), 'utf8');
  const commands = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '').split('\n').filter((l) => l.startsWith('npx pchat-sim ')),
  );
  const pictures: Picture[] = [];
  for (const m of text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const doc = normalize(join(dirname(path), m[1] ?? '')).split('\\').join('/');
    if (!doc.startsWith(PICTURES)) continue;
    const rest = relative(PICTURES, doc).split('\\').join('/');
    const screenshot = rest.endsWith('/report-top.png');
    const source = `results/${screenshot ? rest.replace(/report-top\.png$/, 'report.html') : rest}`;
    if (!pictures.some((p) => p.doc === doc)) pictures.push({ page: path, doc, source, screenshot });
  }
  // A mark written inside a code span (`<!--fig ...-->`, as the docs explain the syntax) is not one.
  const figures = [...text.matchAll(/(?<!`)<!--fig (\S+) (\S+) (\S+)-->([^<]*)<!--\/fig-->/g)].map((m) => ({
    page: path,
    file: m[1] ?? '',
    path: m[2] ?? '',
    format: m[3] ?? '',
    shown: m[4] ?? '',
    marked: m[0],
  }));
  const outputs = [...text.matchAll(/(?<!`)<!--output (\S+) "([^"]+)"-->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({
    page: path,
    file: m[1] ?? '',
    from: m[2] ?? '',
    lines: (m[3] ?? '').replace(/\n$/, '').split('\n'),
    marked: m[0],
  }));
  return { path, text, commands, pictures, figures, outputs };
}

/** A value of a JSON file by its dotted path (`servers.pc1.peak`, `outages.0.recovery_s`). */
export function valueAt(json: unknown, path: string): unknown {
  let v = json;
  for (const k of path.split('.'))
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** A figure as the page shows it: `int` 17,408; `pct1` 25.6%; `span` 59m30s; `raw` as it is. */
export function formatFigure(value: unknown, format: string): string {
  if (typeof value !== 'number') return String(value);
  switch (format) {
    case 'int':
      return Math.round(value).toLocaleString('en-US');
    case 'pct1':
      return `${(value * 100).toFixed(1)}%`;
    case 'span':
      return spanText(value);
    default:
      return String(value);
  }
}

/** The figure a marked quote should show, read from the run's file in `dir`. */
export function figureNow(dir: string, f: QuotedFigure): string {
  const json = JSON.parse(readFileSync(join(dir, f.file), 'utf8')) as unknown;
  return formatFigure(valueAt(json, f.path), f.format);
}

/** The lines an excerpt should show: as many as it has, from the file's first line starting with `from`. */
export function outputNow(dir: string, o: QuotedOutput): string[] {
  const lines = readFileSync(join(dir, o.file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(o.from));
  return start === -1 ? [] : lines.slice(start, start + o.lines.length);
}

/** The page's text with every figure and excerpt as the run in `dir` gives them. */
export function refreshed(dir: string, page: Page): string {
  let text = page.text;
  for (const f of page.figures)
    text = text.replace(f.marked, f.marked.replace(`-->${f.shown}<!--`, `-->${figureNow(dir, f)}<!--`));
  for (const o of page.outputs) {
    const now = outputNow(dir, o);
    text = text.replace(o.marked, o.marked.replace(`${o.lines.join('\n')}\n`, `${now.join('\n')}\n`));
  }
  return text;
}
