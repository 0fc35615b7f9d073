// One writer per results folder: a lock file beside it, created exclusively, naming host, pid and start
// time, whose modification time is a heartbeat renewed every 10 s while its run lives. A lock is stale
// when its process is gone (on this machine, asked directly) or, from another machine (a shared file
// system under Kubernetes or Slurm), when its heartbeat is older than 60 s; a stale lock is taken over.
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { checkSpace } from './fault-seam.js';
import { errnoOf, outputError } from './io-error.js';
import { besideName, hostTag, lockName } from './output-path.js';

/** How often a live run renews its lock's modification time. */
export const HEARTBEAT_MS = 10_000;
/** A lock of another machine not renewed for this long is stale (6 missed heartbeats: an assumption). */
export const STALE_AFTER_MS = 60_000;

/** Tests only: a shorter heartbeat (ms), so a renewal is seen without waiting 10 s of real time. */
export const HEARTBEAT_ENV = 'PCHAT_SIM_TEST_HEARTBEAT_MS';

/** The heartbeat interval: {@link HEARTBEAT_MS}, or a positive whole number of ms in {@link HEARTBEAT_ENV}. */
export function heartbeatMs(): number {
  const n = Number(process.env[HEARTBEAT_ENV] ?? '');
  return Number.isInteger(n) && n > 0 ? n : HEARTBEAT_MS;
}

/** Who holds a lock. */
export interface LockOwner {
  readonly host: string;
  readonly pid: number;
  /** When its run took the lock (ISO 8601). */
  readonly start: string;
}

/** True if process `pid` runs on this machine (EPERM: it runs, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.host !== 'string' || !Number.isInteger(v.pid)) return null;
    return { host: v.host, pid: v.pid as number, start: typeof v.start === 'string' ? v.start : 'unknown' };
  } catch {
    return null;
  }
}

/** A lock file as found: its text, owner (null if unreadable, e.g. still empty) and heartbeat age. */
interface Found {
  readonly text: string;
  readonly owner: LockOwner | null;
  readonly ageMs: number;
}

function inspect(file: string): Found | null {
  try {
    const text = readFileSync(file, 'utf8');
    const ageMs = Date.now() - statSync(file).mtimeMs;
    return { text, owner: parseOwner(text), ageMs };
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Stale: its process is gone (this machine) or its heartbeat stopped (any machine, or no owner written). */
function isStale(f: Found, host: string): boolean {
  if (f.owner !== null && f.owner.host === host) return !alive(f.owner.pid);
  return f.ageMs > STALE_AFTER_MS;
}

/** The lock of one results folder, held by this process until `release()`. */
export class OutputLock {
  private readonly text: string;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly file: string,
    readonly owner: LockOwner,
    /** The owner of a stale lock this one replaced (its leftovers may go), or null. */
    readonly replaced: LockOwner | null,
  ) {
    this.text = JSON.stringify(owner);
    const beat = (): void => {
      try {
        const now = new Date();
        utimesSync(file, now, now);
      } catch {
        // a lock gone or unwritable: holds() says so before the commit
      }
    };
    this.timer = setInterval(beat, heartbeatMs());
    this.timer.unref();
  }

  /**
   * Takes the lock of results folder `base` in `parent`, taking over a stale one.
   * @throws UsageError if a live run (here or on another machine) holds it
   * @throws OutputError if the lock cannot be written (`no space left on <shown>` on a full disk), nothing left
   */
  static take(parent: string, base: string, shown: string): OutputLock {
    const file = join(parent, lockName(base));
    const host = hostTag();
    const me: LockOwner = { host, pid: process.pid, start: new Date().toISOString() };
    let replaced: LockOwner | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (create(file, JSON.stringify(me), shown)) return new OutputLock(file, me, replaced);
      const found = inspect(file);
      if (found === null) continue; // released meanwhile
      if (!isStale(found, host)) throw busy(shown, found);
      if (takeOver(file, found.text, besideName(base, 'lock.stale'), parent)) replaced = found.owner;
    }
    throw new UsageError(
      `${shown}: other pchat-sim runs keep taking this folder's lock; choose another --out`,
    );
  }

  /** True while the lock file still names this process (not taken over as stale meanwhile). */
  holds(): boolean {
    try {
      return readFileSync(this.file, 'utf8') === this.text;
    } catch {
      return false;
    }
  }

  /** Stops the heartbeat and removes the lock if it is still this process's. */
  release(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.holds()) rmSync(this.file, { force: true });
  }
}

/** Creates the lock file with `text`. @returns false if it exists. @throws OutputError, removing what it made */
function create(file: string, text: string, shown: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    throw lockError(shown, e);
  }
  try {
    checkSpace(file, 0, Buffer.byteLength(text));
    writeSync(fd, text);
    closeSync(fd);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed: the write or close itself failed
    }
    rmSync(file, { force: true });
    throw lockError(shown, e);
  }
  return true;
}

function lockError(shown: string, e: unknown): Error {
  return outputError(shown, e);
}

function busy(shown: string, f: Found): UsageError {
  const who =
    f.owner === null
      ? 'a lock being written now'
      : `pid ${f.owner.pid} on ${f.owner.host}, started ${f.owner.start}`;
  return new UsageError(
    `${shown}: another pchat-sim run (${who}) is writing this folder; wait for it or choose another --out`,
  );
}

/**
 * Moves a stale lock aside (under this process's name, so two runs taking it over cannot both win) and
 * removes it. @returns true if the lock moved aside was the stale one judged (else it is put back).
 */
function takeOver(file: string, staleText: string, asideName: string, parent: string): boolean {
  const aside = join(parent, asideName);
  try {
    renameSync(file, aside);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return false;
    throw e;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // unreadable: treated as not the one judged
  }
  if (moved !== staleText) {
    // Another run took it over first and made a new lock: put that back, unless a third made one since.
    try {
      linkSync(aside, file);
    } catch {
      // a lock exists again; ours to drop
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}
