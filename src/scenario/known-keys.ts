// Every key name the scenario schema knows, read from the zod schema itself, for "did you mean" hints.

interface ZodLike {
  readonly _zod: { readonly def: Record<string, unknown> };
}

function isZod(x: unknown): x is ZodLike {
  return typeof x === 'object' && x !== null && '_zod' in x;
}

/** Collects the object keys found anywhere in a zod schema (objects, arrays, unions, defaults, pipes). */
export function knownKeys(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (!isZod(schema)) return into;
  const def = schema._zod.def;
  const shape = def['shape'];
  if (typeof shape === 'object' && shape !== null) {
    for (const [key, child] of Object.entries(shape)) {
      into.add(key);
      knownKeys(child, into);
    }
  }
  for (const field of ['element', 'innerType', 'in', 'out']) knownKeys(def[field], into);
  const options = def['options'];
  if (Array.isArray(options)) for (const o of options) knownKeys(o, into);
  return into;
}

/** Levenshtein distance, for short key names only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest known key within a third of the key's length (case-insensitive), if any. */
export function didYouMean(key: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3));
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d <= bestD && (best === undefined || d < bestD)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}
