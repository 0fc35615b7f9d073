// What a process that died mid-way (SIGKILL, power loss, a machine gone) left beside a results folder,
// cleared by the next run once it holds the folder's lock: staged results and files on their way out are
// removed; replaced results whose removal never finished go too when the new ones are in place, and are
// put back when the process died before the new ones moved in.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeOwnFiles } from './manifest.js';
import { alive, type OutputLock } from './output-lock.js';
import { hostTag, parseBesideName } from './output-path.js';

/**
 * Clears the leftovers of results folder `base` in `parent` (absolute `abs`) written by dead processes:
 * this machine's whose pid is gone, and another machine's whose stale lock `lock` took over.
 */
export function clearLeftovers(parent: string, base: string, abs: string, lock: OutputLock): void {
  const host = hostTag();
  for (const name of readdirSync(parent)) {
    const p = parseBesideName(base, name);
    if (p === null || (p.host === host && p.pid === process.pid)) continue;
    const dead =
      p.host === host
        ? !alive(p.pid)
        : lock.replaced !== null && lock.replaced.host === p.host && lock.replaced.pid === p.pid;
    if (!dead) continue;
    const full = join(parent, name);
    if (p.kind !== 'old') rmSync(full, { recursive: true, force: true });
    else if (!existsSync(abs)) renameSync(full, abs);
    else removeOwnFiles(full);
  }
}
