// Every link of README.md, docs/*.md and ARCHITECTURE.md leads somewhere: a file that exists, and, with a
// `#fragment`, a heading of that page (GitHub's anchor for it) or an `<a id>` in it. The README stays a
// five-minute read whose Quick start is the two commands.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../validation/command-lines.js';
import { docPages } from './doc-pages.js';

/** The page's text without fenced blocks and code spans, where `[x](y)` and `#` are not markdown. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const plain = text.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of plain.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(m[1] ?? '');
  return out;
}

const pages = [...docPages(ROOT), 'ARCHITECTURE.md'];

describe('links of README, docs and ARCHITECTURE', () => {
  it('name the pages in reading order, README first', () => {
    expect(pages.slice(0, 6)).toEqual([
      'README.md',
      'docs/guide.md',
      'docs/scenario-reference.md',
      'docs/outputs.md',
      'docs/experiments.md',
      'docs/deployment.md',
    ]);
  });

  it('lead to files that exist and to headings or anchors on them', () => {
    const broken: string[] = [];
    let count = 0;
    for (const page of pages) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const m of prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        count++;
        const [file = '', fragment] = target.split('#');
        const path = file === '' ? page : normalize(join(dirname(page), file)).split('\\').join('/');
        const full = join(ROOT, path);
        if (!existsSync(full)) {
          broken.push(`${page}: ${target}: no file ${path}`);
          continue;
        }
        if (fragment === undefined) continue;
        if (statSync(full).isDirectory() || !anchorsOf(readFileSync(full, 'utf8')).has(fragment))
          broken.push(`${page}: ${target}: no heading or anchor "#${fragment}" in ${path}`);
      }
    }
    expect(count).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });

  it('keep the README short, its Quick start the two commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const quick = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quick).toBe('npm ci && npm start\nnpm test\n');
    for (const page of ['guide', 'scenario-reference', 'outputs', 'experiments', 'deployment'])
      expect(readme, `the README links docs/${page}.md`).toContain(`](docs/${page}.md`);
  });
});
