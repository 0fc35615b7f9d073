// Test helper: modules that fail to load, draw-thread work that breaks, and Node flags that have the
// built CLI start one of its second threads changed (a preload wraps node:worker_threads' Worker; the
// CLI itself is the built one, unchanged).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A module that fails to load, as a URL import() and Worker take. */
export interface LoadFailure {
  readonly name: string;
  readonly url: string;
}

const dataModule = (code: string): string => `data:text/javascript,${encodeURIComponent(code)}`;

/** One module for each way a module fails to load; the files are written into `dir`. */
export function loadFailures(dir: string): LoadFailure[] {
  const importsMissing = join(dir, 'imports-missing.mjs');
  writeFileSync(importsMissing, "import './no-such-module.js';\n");
  return [
    { name: 'throws as it loads', url: dataModule("throw new Error('failed to load');") },
    { name: 'has a syntax error', url: dataModule('export const x = );') },
    { name: 'is missing', url: pathToFileURL(join(dir, 'no-such-file.mjs')).href },
    { name: 'imports a missing module', url: pathToFileURL(importsMissing).href },
  ];
}

/** How {@link brokenWork} breaks: throwing as a failing sampler would, or blocking, alive but silent. */
export type Breakage = 'throws' | 'hangs';

/**
 * Work for the draw thread's entry (its URL, the file written into `dir`) that runs the real draw
 * thread from dist/ until it has made `batches` batches of its first stream, then `how` breaks it as it
 * fills the next; a hanging one first writes the file `marker`, if given.
 */
export function brokenWork(dir: string, batches: number, how: Breakage, marker?: string): string {
  const real = pathToFileURL(resolve('dist', 'random', 'draw-thread.js')).href;
  const work = join(dir, `${how}-after-${batches}.mjs`);
  const breaks =
    how === 'throws'
      ? "throw new Error('injected failure');"
      : `${marker === undefined ? '' : `writeFileSync(${JSON.stringify(marker)}, '');`}
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`;
  writeFileSync(
    work,
    `import { writeFileSync } from 'node:fs';
     import { runDrawThread as real } from ${JSON.stringify(real)};
     export function runDrawThread(data) {
       const s = data.streams[0];
       let left = ${256 * batches};
       s.draws = new Proxy(s.draws, {
         set(t, k, v) {
           if (--left < 0) { ${breaks} }
           t[k] = v;
           return true;
         },
       });
       real(data);
     }`,
  );
  return pathToFileURL(work).href;
}

/** Which thread to change, and how. */
export interface ThreadChange {
  /** How the name of the thread's module ends, as the CLI starts it (`draw-thread-entry.js`). */
  readonly name: string;
  /** A module (its URL) started in its place. */
  readonly file?: string;
  /** The work the thread's entry loads instead (its workerData's `work`), as import() takes it. */
  readonly work?: string;
}

/** Node flags that have the CLI start the thread `change` names changed; the preload goes into `dir`. */
export function changedThread(dir: string, change: ThreadChange): string[] {
  const preload = join(dir, 'thread-preload.mjs');
  writeFileSync(
    preload,
    `import wt from 'node:worker_threads';
     import { syncBuiltinESMExports } from 'node:module';
     const change = ${JSON.stringify(change)};
     const Real = wt.Worker;
     wt.Worker = class extends Real {
       constructor(file, options) {
         const hit = String(file).endsWith(change.name);
         super(
           hit && change.file !== undefined ? new URL(change.file) : file,
           hit && change.work !== undefined
             ? { ...options, workerData: { ...options.workerData, work: change.work } }
             : options,
         );
       }
     };
     syncBuiltinESMExports();`,
  );
  return ['--import', pathToFileURL(preload).href];
}
