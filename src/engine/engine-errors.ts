// The engine's error messages, built out of line.
// perf: a function that throws stays small enough for V8 to inline into its callers when the error
// is made elsewhere; a double passed to a call that is not inlined is boxed (heap-allocated).
import { EngineError } from '../errors.js';

export function invalidTime(now: number, at: number): EngineError {
  return new EngineError(`Invalid event time: Expected a finite time >= now (${now} s) but received ${at}`);
}

export function entityKindTaken(kind: number): EngineError {
  return new EngineError(`Invalid kind: ${kind} is the entity events' kind (see useEntities)`);
}
