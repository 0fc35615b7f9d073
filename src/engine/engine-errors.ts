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

export function invalidCapacity(initialCapacity: number): EngineError {
  return new EngineError(
    `Invalid initialCapacity: Expected a positive integer but received ${initialCapacity}`,
  );
}

export function invalidEvent(time: number, kind: number, a: number, b: number): EngineError {
  return new EngineError(
    `Invalid event: Expected a time that is not NaN and int32 kind, a, b but received ` +
      `time ${time}, kind ${kind}, a ${a}, b ${b}`,
  );
}

export function invalidHandle(handle: number): EngineError {
  return new EngineError(`Invalid handle: Expected a pending event but received ${handle}`);
}

export function invalidEntities(minStride: number, stride: number, kind: number): EngineError {
  return new EngineError(
    `Invalid entities: Expected stride >= ${minStride} and an int32 kind but received ${stride}, ${kind}`,
  );
}

export function entitiesChanged(): EngineError {
  return new EngineError('Invalid entities: the kind and stride of entity events cannot change');
}

export function invalidEntity(time: number, e: number): EngineError {
  return new EngineError(
    `Invalid entity event: Expected a time that is not NaN and an entity index but received time ${time}, entity ${e}`,
  );
}

export function noEntityEvent(e: number): EngineError {
  return new EngineError(`Invalid cancel: entity ${e} has no pending event`);
}

export function entityBusy(e: number): EngineError {
  return new EngineError(`Invalid entity event: entity ${e} already has a pending event`);
}

export function queueMiscounted(found: number, counted: number): EngineError {
  return new EngineError(`Invalid queue: ${found} live events found, ${counted} counted`);
}

export function invalidQueueState(): EngineError {
  return new EngineError('Invalid queue state: its arrays do not fit together');
}
