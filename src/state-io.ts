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

const isStateArray = (v: unknown): v is StateArray =>
  v instanceof Int32Array || v instanceof Float64Array || v instanceof Uint8Array;

/** The own fields of `obj` that are numbers, and those that are arrays, in the order the class sets them. */
function fieldsOf(obj: object): { numbers: string[]; arrays: StateArray[] } {
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record);
  return {
    numbers: keys.filter((k) => typeof record[k] === 'number'),
    arrays: keys.map((k) => record[k]).filter(isStateArray),
  };
}

/**
 * Writes every own field of `obj` that is a number or a typed array: for a class whose fields are all
 * state (counters, integrals), so a field added later is saved with no line to add.
 */
export function saveFields(out: StateOut, obj: object): void {
  const { numbers, arrays } = fieldsOf(obj);
  out.numbers(...numbers.map((k) => (obj as Record<string, number>)[k] as number));
  for (const a of arrays) out.array(a);
}

/** Reads what {@link saveFields} wrote into an object of the same class (same build). */
export function restoreFields(inp: StateIn, obj: object): void {
  const { numbers, arrays } = fieldsOf(obj);
  const values = inp.numbers(numbers.length);
  numbers.forEach((k, i) => ((obj as Record<string, number>)[k] = values[i] as number));
  for (const a of arrays) inp.into(a);
}
