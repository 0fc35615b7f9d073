// The result folders a command reads (merge's shards, compare's runs): only finished results, whose
// manifest was written when their run committed (never the staging folder of a run still writing), and
// never the folder the command writes, so replacing --out can never delete what it reads.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { MANIFEST, ownedFiles } from './manifest.js';

/**
 * Refuses folder `dir` if it holds `file` (what the command reads) but no manifest: a run that has not
 * finished, or a folder pchat-sim did not write. A folder without `file` is left to the reader's own message.
 * @throws UsageError naming the folder
 */
export function checkFinished(dir: string, file: string): void {
  if (!existsSync(join(dir, file))) return;
  if (ownedFiles(dir) !== null) return;
  throw new UsageError(
    `${dir}: not a finished pchat-sim result (no ${MANIFEST}, which a run writes when it completes): a run still writing it, or a folder pchat-sim did not write`,
  );
}

/** `path` with symbolic links resolved, as far as it exists (the rest appended as given). */
function real(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(real(parent), basename(abs));
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}

/**
 * Refuses an output folder that is one of the inputs, lies inside one, or holds one.
 * @throws UsageError naming the input
 */
export function checkOutsideInputs(out: string, inputs: readonly string[]): void {
  const o = real(out);
  for (const dir of inputs) {
    const i = real(dir);
    const how = o === i ? 'is' : inside(o, i) ? 'lies inside' : inside(i, o) ? 'holds' : null;
    if (how !== null)
      throw new UsageError(
        `--out ${out}: ${how} the input ${dir}; write the results to a folder outside every folder read`,
      );
  }
}
