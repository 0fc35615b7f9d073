// What the event thread and the timeline writer's thread say to each other (timeline-writer.ts).

/** To the thread: a block of rows (transferred), or the end of the file. */
export type ToWriter =
  | { readonly kind: 'rows'; readonly block: Float64Array; readonly rows: number; readonly cols: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'abort' };

/** A failure of the thread's file, as data: an error's class does not cross threads. */
export interface WriterFailure {
  /** The file-system error code of an OutputError (`ENOSPC`, say), else E_INTERNAL. */
  readonly code: string;
  readonly message: string;
  /** True for an OutputError (a full disk, say), raised again as one. */
  readonly output: boolean;
}

/** From the thread: a block written (given back), the file closed or aborted, or its failure. */
export type FromWriter =
  | { readonly kind: 'written'; readonly block: Float64Array }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly failure: WriterFailure };
