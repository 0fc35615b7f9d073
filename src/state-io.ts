// How a running world's parts write and read their own state for a checkpoint: each class with state
// has `saveState(out)` and `restoreState(inp)`, calling these in the same order both ways, so a new
// field is one line in each. The file format (io/checkpoint/) is the writer's and reader's business.

/** An array a component's state is held in. */
export type StateArray = Int32Array | Float64Array | Uint8Array;

/** Where a component writes its state. Nothing written may change until the checkpoint is on disk. */
export interface StateOut {
  /** Numbers, exactly (NaN, ±Infinity and -0 included). */
  numbers(...values: number[]): void;
  /** An array's contents (kept by reference until written: the world is paused meanwhile). */
  array(values: StateArray): void;
  /** A small value made of objects, lists, strings, booleans, null and numbers (any number, exactly). */
  json(value: unknown): void;
}

/** Where a component reads its state back, in the order it wrote it. Each read checks its kind. */
export interface StateIn {
  /** The next `numbers` part; `count` of them. */
  numbers(count: number): number[];
  /** The next array, as written (the reader hands it over: the caller may keep it). */
  int32(): Int32Array;
  float64(): Float64Array;
  uint8(): Uint8Array;
  /** Copies the next array into `target`, which must have the same type and length. */
  into(target: StateArray): void;
  json(): unknown;
}
