// timeline.csv's rows, written in the event thread (a CsvFile) or by a second thread: the rows are
// copied into blocks handed over whole (transferred, not copied again), and the thread formats and
// writes them with the same CsvFile, so the file is byte-identical either way.
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OutputError } from '../errors.js';
import { tempPathFor } from './atomic-file.js';
import { CsvFile } from './csv-file.js';
import type { FromWriter, ToWriter } from './timeline-messages.js';

/** Rows of the timeline, each a Float64Array of the header's length. */
export interface RowFile {
  /** True if a second thread writes the rows. */
  readonly threaded: boolean;
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

/** The rows written in this thread. */
class InThread implements RowFile {
  readonly threaded = false;
  private readonly csv: CsvFile;

  constructor(path: string, header: readonly string[]) {
    this.csv = new CsvFile(path, header);
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

/** The rows written by a second thread (see the file's head). */
class Threaded implements RowFile {
  readonly threaded = true;
  private readonly worker: Worker;
  private readonly cols: number;
  private block: Float64Array;
  private rows = 0;
  private readonly free: Float64Array[] = [];
  private inFlight = 0;
  private failure: Error | null = null;
  /** Called on the thread's next answer (or its failure). */
  private wake: (() => void) | null = null;
  private done = false;

  constructor(
    file: string,
    private readonly path: string,
    header: readonly string[],
  ) {
    this.cols = header.length;
    this.block = new Float64Array(BLOCK_ROWS * this.cols);
    this.worker = new Worker(file, { workerData: { path, header: [...header] } });
    this.worker.on('message', (m: FromWriter) => this.answer(m));
    this.worker.on('error', (e) => this.fail(new Error(`the timeline thread stopped: ${e.message}`)));
    this.worker.on('exit', () => {
      if (!this.done) this.fail(new Error('the timeline thread stopped before the file was written'));
    });
    // The thread keeps the process alive only while this thread waits for it (see next()): a run
    // that fails before it can close or abort the file still ends.
    this.worker.unref();
  }

  writeRow(row: Float64Array): void {
    this.rethrow();
    this.block.set(row, this.rows * this.cols);
    if (++this.rows === BLOCK_ROWS) this.send();
  }

  async drain(): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT && this.failure === null) await this.next();
    this.rethrow();
  }

  async close(): Promise<void> {
    if (this.rows > 0) this.send();
    await this.finish({ kind: 'close' });
  }

  async abort(): Promise<void> {
    if (this.failure === null) await this.finish({ kind: 'abort' }).catch(() => undefined);
    await this.worker.terminate();
    rmSync(tempPathFor(this.path), { force: true });
  }

  /** Sends the end of the file and waits for the thread to have written it. */
  private async finish(m: ToWriter): Promise<void> {
    this.rethrow();
    this.worker.postMessage(m);
    while (!this.done && this.failure === null) await this.next();
    await this.worker.terminate();
    this.rethrow();
  }

  /** @throws the thread's failure, if it failed */
  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Hands the block over (transferred) and takes a free one. */
  private send(): void {
    const block = this.block;
    this.worker.postMessage({ kind: 'rows', block, rows: this.rows, cols: this.cols } satisfies ToWriter, [
      block.buffer as ArrayBuffer,
    ]);
    this.inFlight++;
    this.rows = 0;
    this.block = this.free.pop() ?? new Float64Array(BLOCK_ROWS * this.cols);
  }

  private async next(): Promise<void> {
    this.worker.ref();
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.worker.unref();
  }

  private answer(m: FromWriter): void {
    if (m.kind === 'written') {
      this.inFlight--;
      this.free.push(m.block);
    } else if (m.kind === 'done') this.done = true;
    else {
      const f = m.failure;
      this.fail(f.output ? new OutputError(f.code, f.message) : new Error(f.message));
    }
    this.wakeUp();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
