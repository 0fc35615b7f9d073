// vega and vega-lite from the single-file bundles their authors ship, not from their ES module trees:
// Node's module loader opens every file of a tree at once, and vega's is hundreds of files (a plain run
// held ~118 files open while loading it, and failed under `ulimit -n 100`); the bundles are two files.
// Same versions, same code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';

/** The two libraries the charts are drawn with. */
export interface VegaBundles {
  readonly vega: typeof Vega;
  readonly vegaLite: typeof VegaLite;
}

/**
 * Runs a UMD bundle as a CommonJS module (its packages say "type": "module", so Node itself would load
 * it as an ES module, where a UMD bundle exports nothing). @returns its exports
 */
function loadUmd(file: string, requireFn: (name: string) => unknown): object {
  const module: { exports: object } = { exports: {} };
  const run = compileFunction(readFileSync(file, 'utf8'), ['exports', 'module', 'require'], {
    filename: file,
  });
  run.call(module.exports, module.exports, module, requireFn);
  return module.exports;
}

/** Loads vega's bundle (build/vega.js, self-contained), then vega-lite's, whose one dependency is that vega. */
export function loadVegaBundles(): VegaBundles {
  const require = createRequire(import.meta.url);
  const nothing = (name: string): never => {
    throw new Error(`vega's bundle asked for ${name}; it is self-contained`);
  };
  const vegaFile = join(dirname(require.resolve('vega')), 'vega.js');
  const vega = loadUmd(vegaFile, nothing) as typeof Vega;
  const onlyVega = (name: string): typeof Vega => (name === 'vega' ? vega : nothing(name));
  const vegaLiteFile = join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js');
  return { vega, vegaLite: loadUmd(vegaLiteFile, onlyVega) as typeof VegaLite };
}
