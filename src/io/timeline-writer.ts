// timeline.csv's rows, written in the event thread (a CsvFile) or by a second thread: the rows are
// copied into blocks handed over whole (transferred, not copied again), and the thread formats and
// writes them with the same CsvFile, so the file is byte-identical either way. A thread that cannot
// start or dies (but for a failure of the file, which ends the run) hands the file back to this one,
// which goes on from the last whole row on disk with the blocks it kept: the same bytes.
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OutputError } from '../errors.js';
import { tempPathFor } from './atomic-file.js';
import { CsvFile } from './csv-file.js';
import { continueFile } from './continue-file.js';
import type { FromWriter, ToWriter } from './timeline-messages.js';

/** Rows of the timeline, each a Float64Array of the header's length. */
export interface RowFile {
  /** True if a second thread writes the rows (false once it handed them back). */
  readonly threaded: boolean;
  /** Why a second thread handed the rows back to this one (`failed mid-run`, ...), or null. */
  readonly fellBack: string | null;
  /** Queues one row (copied). @throws OutputError after a failure of the file */
  writeRow(row: Float64Array): void;
  /** Waits, between chunks of the run, until the rows queued are few enough. @throws OutputError */
  drain(): Promise<void>;
  /** Writes what is queued and renames the file into place. @throws OutputError */
  close(): Promise<void>;
  /** Stops writing and removes the temporary file. */
  abort(): Promise<void>;
}

/** Rows a block holds (perf: one message per block, and the blocks are reused). */
const BLOCK_ROWS = 1024;
/** Blocks handed over and not yet written before {@link RowFile.drain} waits (memory is bounded). */
const MAX_IN_FLIGHT = 4;
/**
 * Bytes of rows the thread has written that may still sit in its streams' buffers, not yet on disk,
 * should it die (assumption: fast-csv's and the file stream's buffers, 16 kB each by default).
 */
const UNFLUSHED_BYTES = 32 * 1024;
/** Blocks written by the thread whose copies are kept at least, whatever their rows' width. */
const KEEP_WRITTEN = 2;

/** The rows written in this thread. */
class InThread implements RowFile {
  readonly threaded = false;
  readonly fellBack = null;
  private readonly csv: CsvFile;

  constructor(path: string, header: readonly string[], csv?: CsvFile) {
    this.csv = csv ?? new CsvFile(path, header);
  }

  writeRow(row: Float64Array): void {
    this.csv.write(Array.from(row));
  }

  drain(): Promise<void> {
    return this.csv.drain();
  }

  close(): Promise<void> {
    return this.csv.close();
  }

  abort(): Promise<void> {
    return this.csv.abort();
  }
}

/** The compiled thread module next to this one, or null when running from TypeScript sources. */
function threadFile(): string | null {
  const path = fileURLToPath(new URL('./timeline-thread.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/**
 * A file of rows of `header`'s columns at `path`, written by a second thread when `threaded` and one
 * can run (the compiled build), else in this thread.
 */
export function openRowFile(path: string, header: readonly string[], threaded: boolean): RowFile {
  const file = threaded ? threadFile() : null;
  return file === null ? new InThread(path, header) : new Threaded(file, path, header);
}

/** A block of rows handed to the thread, its copy kept until the thread has written it to disk. */
interface Kept {
  readonly block: Float64Array;
  readonly rows: number;
}

/** The rows written by a second thread (see the file's head). */
class Threaded implements RowFile {
  private readonly worker: Worker;
  private readonly cols: number;
  private block: Float64Array;
  private rows = 0;
  private readonly free: Float64Array[] = [];
  private inFlight = 0;
  /** A failure of the file: the run ends with it. */
  private failure: Error | null = null;
  /** Called on the thread's next answer (or its failure). */
  private wake: (() => void) | null = null;
  private done = false;
  /** Copies of the blocks handed over, oldest first, and the row the oldest starts at. */
  private readonly kept: Kept[] = [];
  private keptFrom = 0;
  /** Blocks the thread has written, of those kept, and their rows. */
  private keptWritten = 0;
  private keptWrittenRows = 0;
  /**
   * Rows whose copies cover {@link UNFLUSHED_BYTES}: a row takes two bytes a column at least (a digit,
   * then a comma or the line's end), so narrow rows need more blocks kept than wide ones.
   */
  private readonly unflushedRows: number;
  /** The thread was asked to close the file (it renames the file into place as it ends). */
  private closing = false;
  /** The thread died (but for its file), or never started: the rows come back to this thread. */
  private lost = false;
  /** Resolves once the thread has ended, so its writes are on disk. */
  private readonly ended: Promise<void>;
  /** This thread's file once the thread handed the rows back. */
  private fallback: InThread | null = null;
  private why: string | null = null;

  constructor(
    file: string,
    private readonly path: string,
    private readonly header: readonly string[],
  ) {
    this.cols = header.length;
    this.unflushedRows = Math.ceil(UNFLUSHED_BYTES / (2 * this.cols));
    this.block = new Float64Array(BLOCK_ROWS * this.cols);
    this.worker = new Worker(file, { workerData: { path, header: [...header] } });
    this.worker.on('message', (m: FromWriter) => this.answer(m));
    this.worker.on('error', () => this.lose());
    this.ended = new Promise((resolve) =>
      this.worker.on('exit', () => {
        if (!this.done) this.lose();
        resolve();
      }),
    );
    // The thread keeps the process alive only while this thread waits for it (see next()): a run
    // that fails before it can close or abort the file still ends.
    this.worker.unref();
  }

  get threaded(): boolean {
    return this.fallback === null;
  }

  get fellBack(): string | null {
    return this.why;
  }

  writeRow(row: Float64Array): void {
    if (this.fallback !== null) return this.fallback.writeRow(row);
    this.rethrow();
    this.block.set(row, this.rows * this.cols);
    if (++this.rows === BLOCK_ROWS) this.send();
  }

  async drain(): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT && this.failure === null && !this.lost) await this.next();
    this.rethrow();
    await (await this.takeOver())?.drain();
  }

  async close(): Promise<void> {
    const fallback = await this.takeOver();
    if (fallback !== null) return fallback.close();
    if (this.rows > 0) this.send();
    this.closing = true;
    await this.finish({ kind: 'close' });
    // The thread may die before it has closed the file: this thread closes it then.
    await (await this.takeOver())?.close();
  }

  async abort(): Promise<void> {
    if (this.failure === null && !this.lost) await this.finish({ kind: 'abort' }).catch(() => undefined);
    await this.worker.terminate();
    await this.fallback?.abort();
    rmSync(tempPathFor(this.path), { force: true });
  }

  /** Sends the end of the file and waits for the thread to have written it (or to have died). */
  private async finish(m: ToWriter): Promise<void> {
    this.rethrow();
    if (this.lost) return;
    this.worker.postMessage(m);
    while (!this.done && this.failure === null && !this.lost) await this.next();
    if (this.done) await this.worker.terminate();
    this.rethrow();
  }

  /** @throws the file's failure, if it failed */
  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Hands the block over (transferred), a copy kept, and takes a free one. */
  private send(): void {
    const block = this.block;
    this.kept.push({ block: block.slice(0, this.rows * this.cols), rows: this.rows });
    if (!this.lost)
      this.worker.postMessage({ kind: 'rows', block, rows: this.rows, cols: this.cols } satisfies ToWriter, [
        block.buffer as ArrayBuffer,
      ]);
    this.inFlight++;
    this.rows = 0;
    this.block = this.lost ? block : (this.free.pop() ?? new Float64Array(BLOCK_ROWS * this.cols));
  }

  private async next(): Promise<void> {
    this.worker.ref();
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.worker.unref();
  }

  private answer(m: FromWriter): void {
    if (this.fallback !== null) return;
    if (m.kind === 'written') {
      this.inFlight--;
      this.free.push(m.block);
      this.keptWritten++;
      this.keptWrittenRows += (this.kept[this.keptWritten - 1] as Kept).rows;
      // Copies of blocks written long enough ago go (memory stays bounded).
      while (
        this.keptWritten > KEEP_WRITTEN &&
        this.keptWrittenRows - (this.kept[0] as Kept).rows >= this.unflushedRows
      ) {
        const oldest = this.kept.shift() as Kept;
        this.keptFrom += oldest.rows;
        this.keptWrittenRows -= oldest.rows;
        this.keptWritten--;
      }
    } else if (m.kind === 'done') this.done = true;
    else this.failure ??= new OutputError(m.failure.code, m.failure.message);
    this.wakeUp();
  }

  private lose(): void {
    this.lost = true;
    this.wakeUp();
  }

  /**
   * Once the thread is lost: waits for its end, then goes on in this thread from the last whole row on
   * disk (continueFile). @returns this thread's file, or null while the thread writes.
   * @throws OutputError for a failure of the file here; Error if the kept rows do not reach the disk's
   */
  private async takeOver(): Promise<InThread | null> {
    if (this.fallback !== null || !this.lost || this.failure !== null) return this.fallback;
    await this.worker.terminate();
    await this.ended;
    if (this.fallback !== null) return this.fallback;
    // Died after closing: its file, whole, was renamed into place (CsvFile.close), nothing left to write.
    if (this.closing && !existsSync(tempPathFor(this.path)) && existsSync(this.path)) return null;
    this.why = this.keptFrom + this.keptWritten > 0 ? 'failed mid-run' : 'failed before it wrote a row';
    const { csv, rowsOnDisk } = continueFile(this.path, this.header);
    const fallback = new InThread(this.path, this.header, csv);
    this.fallback = fallback;
    if (rowsOnDisk < this.keptFrom)
      throw new Error(`the timeline thread died with rows from ${rowsOnDisk} on neither on disk nor kept`);
    let row = this.keptFrom;
    for (const k of [...this.kept, { block: this.block, rows: this.rows }])
      for (let r = 0; r < k.rows; r++, row++)
        if (row >= rowsOnDisk) fallback.writeRow(k.block.subarray(r * this.cols, (r + 1) * this.cols));
    this.kept.length = 0;
    return fallback;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
