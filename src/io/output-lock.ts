// One writer per results folder: a lock file beside it, created exclusively and naming host and pid.
// A lock or staging folder of a process that died on this machine (SIGKILL, power loss) is stale and
// removed; another machine's (a shared file system under Kubernetes or Slurm) is never touched.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { errnoOf } from './io-error.js';
import { hostTag, lockName, stagingName } from './output-path.js';

/** True if process `pid` runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
}

interface Owner {
  readonly host: string;
  readonly pid: number;
}

function readOwner(file: string): Owner | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof v.host === 'string' && Number.isInteger(v.pid)
      ? { host: v.host, pid: v.pid as number }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock of results folder `base` in `parent`, removing a stale one first.
 * @returns the lock file's path (remove it to release)
 * @throws UsageError if a live run (here or on another machine) holds it
 */
export function takeLock(parent: string, base: string, shown: string): string {
  const file = join(parent, lockName(base));
  const me: Owner = { host: hostTag(), pid: process.pid };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      return file;
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST' || attempt > 0) throw e;
    }
    const owner = readOwner(file);
    if (owner !== null && (owner.host !== me.host || alive(owner.pid)))
      throw new UsageError(
        `${shown}: another pchat-sim run (pid ${owner.pid} on ${owner.host}) is writing this folder; wait for it or choose another --out`,
      );
    rmSync(file, { force: true });
  }
}

/** Removes staging folders of `base` left by dead processes of this machine. */
export function removeStaleStaging(parent: string, base: string): void {
  const prefix = stagingName(base, 0).replace(/0$/, '');
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
}
