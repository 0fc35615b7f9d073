// src/ comments say why, not what happened: no issue numbers and no measured ratios (those live in
// git and in bench/README.md), found with TypeScript's scanner so strings and code are not flagged.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceComments } from './source-comments.js';

const SRC = join(import.meta.dirname, '../../src');

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
    const found = tsFiles(SRC).flatMap((f) =>
      historyIn(relative(join(SRC, '..'), f), readFileSync(f, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
