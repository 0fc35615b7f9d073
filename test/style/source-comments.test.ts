// src/ comments say why, not what happened: no issue numbers and no measured ratios (those live in
// git and in bench/README.md, which a comment names by section), read with TypeScript's parser so
// strings and code are not flagged.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceComments, type SourceComment } from './source-comments.js';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Words of history that belong in a commit message, not in a comment. */
const HISTORY = [
  { name: 'an issue number', pattern: /\bissue \d+/i },
  { name: 'a measured ratio', pattern: /\b\d+\.\d+[x×](?![\p{L}\d])/u },
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** `file:line: <what> in "<the comment's line>"` for every history word in the file's comments. */
function historyIn(file: string, text: string): string[] {
  const found: string[] = [];
  // Most files have no such words anywhere; only the rest are parsed.
  if (!HISTORY.some((h) => h.pattern.test(text))) return found;
  for (const c of sourceComments(text, file)) {
    c.text.split('\n').forEach((line, i) => {
      for (const h of HISTORY) {
        if (h.pattern.test(line)) found.push(`${file}:${c.line + i}: ${h.name} in "${line.trim()}"`);
      }
    });
  }
  return found;
}

/** The file's comments, with runs of `//` comments on consecutive lines joined into one. */
function commentBlocks(text: string, file: string): SourceComment[] {
  const blocks: SourceComment[] = [];
  let lastLine = -1;
  for (const c of sourceComments(text, file)) {
    const prev = blocks.at(-1);
    if (prev && c.text.startsWith('//') && prev.text.startsWith('//') && c.line === lastLine + 1) {
      prev.text += `\n${c.text}`;
    } else {
      blocks.push({ ...c });
    }
    lastLine = c.line;
  }
  return blocks;
}

describe('source comments', () => {
  it('finds line, block and doc comments, not strings, templates or regular expressions', () => {
    const text = [
      "const a = 'issue 14 // 1.5x';",
      'const b = `issue 14 ${a /* issue 3 */} 1.5x`;',
      'const c = /issue 14 \\/\\/ 1.5x/;',
      '/** Doc: 0.92x. */',
      'function f(): void {} // trailing, issue 7',
      '// last',
    ].join('\n');
    expect(sourceComments(text).map((c) => `${c.line} ${c.text}`)).toEqual([
      '2 /* issue 3 */',
      '4 /** Doc: 0.92x. */',
      '5 // trailing, issue 7',
      '6 // last',
    ]);
  });

  it('flags issue numbers and measured ratios with the file and line', () => {
    const text = [
      '/**',
      ' * perf: 0.94x faster.',
      ' */',
      'const s = "issue 14";',
      '// see issue 14',
      '',
    ].join('\n');
    expect(historyIn('x.ts', text)).toEqual([
      'x.ts:2: a measured ratio in "* perf: 0.94x faster."',
      'x.ts:5: an issue number in "// see issue 14"',
    ]);
  });

  it('finds no issue number or measured ratio in any src/ comment', () => {
    const found = tsFiles(SRC).flatMap((f) => historyIn(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('names an existing section of bench/README.md wherever a src/ comment points there', () => {
    const headings = new Set(
      readFileSync(join(ROOT, 'bench', 'README.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .map((l) => l.replace(/^#+\s*/, '')),
    );
    const wrong: string[] = [];
    for (const file of tsFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('bench/README.md')) continue;
      for (const c of commentBlocks(text, file)) {
        // The comment's words on one line: a section name may wrap.
        const words = c.text.replace(/^\s*(\/\*\*?|\*\/|\*|\/\/)/gm, ' ').replace(/\s+/g, ' ');
        for (const m of words.matchAll(/bench\/README\.md(, "([^"]+)")?/g)) {
          if (m[2] === undefined || !headings.has(m[2]))
            wrong.push(`${relative(ROOT, file)}:${c.line}: ${m[0]}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
