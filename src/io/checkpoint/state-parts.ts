// A world's state as a list of parts (numbers, arrays, small JSON), the form between the components'
// saveState/restoreState (state-io.ts) and a checkpoint member's bytes. Arrays are kept by reference
// when written and handed over when read, so a checkpoint never holds the world twice in memory.
import type { StateArray, StateIn, StateOut } from '../../state-io.js';

/** Part kinds, as they are numbered in a member's bytes. */
export const PART_NUMBERS = 1;
export const PART_INT32 = 2;
export const PART_FLOAT64 = 3;
export const PART_UINT8 = 4;
export const PART_JSON = 5;
const KIND_NAMES = ['', 'numbers', 'int32 array', 'float64 array', 'uint8 array', 'json'];

/** One part: its kind and its bytes (a view on the array it came from, or read into). */
export interface StatePart {
  readonly kind: number;
  readonly bytes: Uint8Array;
}

const TAG = '$number';

/** JSON text in which non-finite numbers and -0 survive: written as {"$number": "NaN"}. */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { [TAG]: String(v) } : v,
  );
}

/** Reads {@link exactJson}'s text. */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[TAG];
      if (Object.keys(v).length === 1 && typeof tagged === 'string') return Number(tagged);
    }
    return v;
  });
}

const bytesOf = (a: StateArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Collects a world's parts as its components write them. */
export class PartsWriter implements StateOut {
  readonly parts: StatePart[] = [];

  numbers(...values: number[]): void {
    this.parts.push({ kind: PART_NUMBERS, bytes: bytesOf(Float64Array.from(values)) });
  }

  array(values: StateArray): void {
    const kind =
      values instanceof Int32Array ? PART_INT32 : values instanceof Float64Array ? PART_FLOAT64 : PART_UINT8;
    this.parts.push({ kind, bytes: bytesOf(values) });
  }

  json(value: unknown): void {
    this.parts.push({ kind: PART_JSON, bytes: new TextEncoder().encode(exactJson(value)) });
  }
}

/** Thrown when the parts do not match what a component reads: a damaged file, or another build's. */
export class StateMismatch extends Error {}

/** Hands the parts back to the components in order, checking each one's kind and size. */
export class PartsReader implements StateIn {
  private next = 0;

  constructor(private readonly parts: readonly StatePart[]) {}

  /** True when every part has been read. */
  get done(): boolean {
    return this.next === this.parts.length;
  }

  private take(kind: number, bytesPer: number): Uint8Array {
    const part = this.parts[this.next];
    if (part === undefined) throw new StateMismatch(`part ${this.next} (${KIND_NAMES[kind]}) is missing`);
    if (part.kind !== kind)
      throw new StateMismatch(
        `part ${this.next} is ${KIND_NAMES[part.kind] ?? `kind ${part.kind}`}, expected ${KIND_NAMES[kind]}`,
      );
    if (part.bytes.byteLength % bytesPer !== 0 || part.bytes.byteOffset % bytesPer !== 0)
      throw new StateMismatch(
        `part ${this.next} has ${part.bytes.byteLength} bytes, not whole ${KIND_NAMES[kind]} items`,
      );
    this.next++;
    return part.bytes;
  }

  numbers(count: number): number[] {
    const b = this.take(PART_NUMBERS, 8);
    const values = Array.from(new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8));
    if (values.length !== count)
      throw new StateMismatch(`part ${this.next - 1} holds ${values.length} numbers, expected ${count}`);
    return values;
  }

  int32(): Int32Array {
    const b = this.take(PART_INT32, 4);
    return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  }

  float64(): Float64Array {
    const b = this.take(PART_FLOAT64, 8);
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  }

  uint8(): Uint8Array {
    return this.take(PART_UINT8, 1);
  }

  into(target: StateArray): void {
    const source =
      target instanceof Int32Array
        ? this.int32()
        : target instanceof Float64Array
          ? this.float64()
          : this.uint8();
    if (source.length !== target.length)
      throw new StateMismatch(
        `part ${this.next - 1} holds ${source.length} items, expected ${target.length}`,
      );
    target.set(source);
  }

  json(): unknown {
    const b = this.take(PART_JSON, 1);
    try {
      return parseExactJson(new TextDecoder('utf-8', { fatal: true }).decode(b));
    } catch {
      throw new StateMismatch(`part ${this.next - 1} is not JSON`);
    }
  }
}
