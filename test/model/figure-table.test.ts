// docs/outputs.md's table of summary.json's figures is the one their declarations write: a figure added,
// renamed or redefined in src/model/figures shows on that page or fails here. UPDATE_DOCS=1 rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figureTable } from '../../src/model/figures/figure-table.js';

const PAGE = 'docs/outputs.md';
const START =
  '<!-- figures: written from src/model/figures by figureTable(); UPDATE_DOCS=1 npx vitest run test/model/figure-table.test.ts -->';
const END = '<!-- /figures -->';

describe("docs/outputs.md's figure table", () => {
  it('is the table the declarations write', () => {
    let text = readFileSync(PAGE, 'utf8');
    const table = figureTable();
    const cut = (t: string): [number, number] => [t.indexOf(START), t.indexOf(END)];
    let [a, b] = cut(text);
    expect(a, 'the start marker').toBeGreaterThan(0);
    expect(b, 'the end marker').toBeGreaterThan(a);
    if (process.env['UPDATE_DOCS'] === '1') {
      text = `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
      writeFileSync(PAGE, text);
      [a, b] = cut(text);
    }
    expect(text.slice(a + START.length, b).trim()).toBe(table);
  });
});
