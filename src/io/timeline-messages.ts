// What the event thread and the timeline writer's thread say to each other (timeline-writer.ts).

/** To the thread: a block of rows (transferred), or the end of the file. */
export type ToWriter =
  | { readonly kind: 'rows'; readonly block: Float64Array; readonly rows: number; readonly cols: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'abort' };

/**
 * A failure of the thread's file (a full disk, say), as data, raised again as an OutputError: an
 * error's class does not cross threads. Any other failure ends the thread instead.
 */
export interface WriterFailure {
  /** The file-system error code of the OutputError (`ENOSPC`, say). */
  readonly code: string;
  readonly message: string;
}

/** From the thread: a block written (given back), the file closed or aborted, or its file's failure. */
export type FromWriter =
  | { readonly kind: 'written'; readonly block: Float64Array }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly failure: WriterFailure };
