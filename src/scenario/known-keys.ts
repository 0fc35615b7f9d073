// Every key the scenario schema knows and where it may stand, read from the zod schema itself, for the
// hints of "unknown key" messages ("did you mean ...?", or where a key valid elsewhere belongs).

interface ZodLike {
  readonly _zod: { readonly def: Record<string, unknown> };
}

function isZod(x: unknown): x is ZodLike {
  return typeof x === 'object' && x !== null && '_zod' in x;
}

/** Key name → the paths of the objects it may stand in (`''` top level, `workload`, `topology.pools[]`). */
export type KeyPlaces = ReadonlyMap<string, readonly string[]>;

/** Collects every object key of a zod schema with its parent paths (through arrays, unions, defaults, pipes). */
export function keyPlaces(schema: unknown, at = '', into: Map<string, string[]> = new Map()): KeyPlaces {
  if (!isZod(schema)) return into;
  const def = schema._zod.def;
  const shape = def['shape'];
  if (typeof shape === 'object' && shape !== null) {
    for (const [key, child] of Object.entries(shape)) {
      const places = into.get(key) ?? [];
      if (!places.includes(at)) places.push(at);
      into.set(key, places);
      keyPlaces(child, at === '' ? key : `${at}.${key}`, into);
    }
  }
  keyPlaces(def['element'], `${at}[]`, into);
  for (const field of ['innerType', 'in', 'out']) keyPlaces(def[field], at, into);
  const options = def['options'];
  if (Array.isArray(options)) for (const o of options) keyPlaces(o, at, into);
  return into;
}

/** `topology.pools[0]` as a place: list indices dropped (`topology.pools[]`). */
export function placeOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? '[]' : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/**
 * Optimal-string-alignment (restricted Damerau) distance: an insertion, deletion, substitution or swap
 * of two adjacent characters costs 1 each, so `sede` is 1 from `seed` (Levenshtein counts a swap as 2).
 * Quadratic: for short names only.
 */
export function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest of `known` within a third of the key's length (case-insensitive), never the key itself. */
export function didYouMean(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3));
  for (const k of known) {
    if (k === key) continue;
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d <= bestD && (best === undefined || d < bestD)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** Where a key stands: `workload.retry`, or `retry` at the top level. */
function placed(place: string, key: string): string {
  return place === '' ? key : `${place}.${key}`;
}

/**
 * The hint for `key` found unknown in the object at `place`: a near key of that object, else where the
 * key itself belongs, else a near key of another object with its place. Never the key itself.
 * @returns e.g. `did you mean "duration"?`, `it belongs at workload.retry`, or undefined.
 */
export function keyHint(key: string, place: string, places: KeyPlaces): string | undefined {
  const here = [...places].filter(([, at]) => at.includes(place)).map(([k]) => k);
  const near = didYouMean(key, here);
  if (near !== undefined) return `did you mean "${near}"?`;
  const own = places.get(key)?.filter((at) => at !== place) ?? [];
  if (own.length > 0) {
    const shown = own.slice(0, 3).map((at) => placed(at, key));
    return `it belongs at ${shown.join(' or ')}${own.length > 3 ? ' or elsewhere' : ''}`;
  }
  const far = didYouMean(key, places.keys());
  if (far === undefined) return undefined;
  const at = places.get(far) ?? [];
  return at.length === 1 ? `did you mean ${placed(at[0] ?? '', far)}?` : `did you mean "${far}"?`;
}
