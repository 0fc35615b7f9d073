// Fault injection for output files: with PCHAT_SIM_FAULT_ENOSPC_AT=<bytes> set, every output file
// fails with ENOSPC once it would grow past that many bytes, as on a full disk. Tests use it to prove
// that a full disk ends a run with one line, exit 1 and no staging folder; unset, it costs nothing.
import { createWriteStream, type WriteStream } from 'node:fs';
import { Writable } from 'node:stream';

const ENV = 'PCHAT_SIM_FAULT_ENOSPC_AT';

/** The byte at which output files fail, or null (the normal case). */
export function enospcAt(): number | null {
  const v = process.env[ENV];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The error a full disk gives. */
export function enospcError(path: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device, write '${path}'`);
  e.code = 'ENOSPC';
  e.errno = -28;
  e.syscall = 'write';
  e.path = path;
  return e;
}

/** Throws ENOSPC if writing `bytes` more to a file of `size` bytes passes the injected limit. */
export function checkSpace(path: string, size: number, bytes: number): void {
  const limit = enospcAt();
  if (limit !== null && size + bytes > limit) throw enospcError(path);
}

/** A write stream to `path`; with the fault set, one that fails with ENOSPC past the chosen byte. */
export function openFileStream(path: string): Writable {
  const file: WriteStream = createWriteStream(path);
  const limit = enospcAt();
  if (limit === null) return file;
  return new LimitedStream(file, path, limit);
}

/** Passes bytes to `file` until `limit`, then fails every write with ENOSPC. */
export class LimitedStream extends Writable {
  private written = 0;
  constructor(
    private readonly file: WriteStream,
    private readonly path: string,
    private readonly limit: number,
  ) {
    super();
    // The file's own errors (a write still in flight when this stream is destroyed, say) are this
    // stream's: without a listener they would end the thread.
    file.on('error', (e) => this.destroy(e));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.written + chunk.length > this.limit) {
      done(enospcError(this.path));
      return;
    }
    this.written += chunk.length;
    this.file.write(chunk, (e) => done(e ?? null));
  }

  override _final(done: (e?: Error | null) => void): void {
    this.file.end(() => done());
  }

  override _destroy(e: Error | null, done: (e?: Error | null) => void): void {
    this.file.destroy();
    this.file.once('close', () => done(e));
  }
}
