// Bytes of a scenario file → text, refusing what no planner writes: files over a size cap (read
// with a bounded loop, so /dev/zero or a pipe cannot exhaust memory), and bytes that are not UTF-8.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { issueFromText, ScenarioError } from '../errors.js';

/** A scenario file is at most this big (assumption: real ones are a few KiB; 1 MiB is ample). */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads at most {@link MAX_SCENARIO_BYTES} of `file` and decodes it as UTF-8 (a BOM is dropped);
 * `what` names the kind of file in messages (a scenario file, a profile file).
 * @throws ScenarioError if the file cannot be read, is too big, or is not UTF-8 text.
 */
export function readScenarioText(file: string, what = 'a scenario file'): string {
  return decodeUtf8(readCapped(file, what), file, what);
}

function fail(file: string, message: string): never {
  throw new ScenarioError(file, [issueFromText('', message)]);
}

function readCapped(file: string, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    fail(file, `cannot read the file (${errnoCode(e)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) fail(file, 'cannot read the file (EISDIR: it is a folder)');
    if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES) {
      fail(file, `${what} is at most ${MAX_SCENARIO_BYTES} bytes; received ${stat.size} bytes`);
    }
    return readUpTo(fd, file, what);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    fail(file, `cannot read the file (${errnoCode(e)})`);
  } finally {
    closeSync(fd);
  }
}

/** Reads until end of file, one byte past the cap at most (a pipe or device has no size to check first). */
function readUpTo(fd: number, file: string, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > MAX_SCENARIO_BYTES)
      fail(file, `${what} is at most ${MAX_SCENARIO_BYTES} bytes; received more`);
  }
  return Buffer.concat(chunks, total);
}

function errnoCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** Decodes strict UTF-8, naming the likely encoding when it is UTF-16 (a common Windows export). */
function decodeUtf8(bytes: Buffer, file: string, what: string): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    fail(file, `${what} is UTF-8 text; received UTF-16 text (save it as UTF-8)`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    fail(file, `${what} is UTF-8 text; received bytes that are not UTF-8 at line ${line} (byte ${at})`);
  }
}

/** Offset of the first byte where strict UTF-8 decoding fails (found by bisection on prefixes). */
function firstInvalidUtf8(bytes: Buffer): number {
  const ok = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
