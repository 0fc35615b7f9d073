// What a declaration of a figure says: its kind (which decides how replications aggregate it and where
// its interval is kept), unit, label, the sentence that defines it and how it reads when the run is cut
// short. The declarations themselves live beside this file; `catalogue.ts` looks them up by path.

/**
 * What a figure is:
 * - `count`: a tally or head-count, at least 0 (at most its `boundBy` sibling where it has one);
 * - `span`: seconds within the summary's window, from 0 to the window's length;
 * - `seconds`: seconds not bounded by the window (a floor of a recovery, an age), at least 0;
 * - `instant`: a time in seconds within the window [warm-up, end];
 * - `ratio`: a proportion in [0, 1], pooled from its numerator and denominator where it names them;
 * - `yesno`: true or false; across replications, the share where it held;
 * - `level`: a state number from 0 to `most`;
 * - `setting`: a number the scenario sets (a length, a capacity, a bound), the same in every replication;
 * - `text`: a name or word: kept when every replication has the same, else counted per value;
 * - `id`: names the run rather than measures it (scenario, seed): never aggregated;
 * - `list`: a list whose entries are declared under `<path>[]`; across replications, the statistics of
 *   its length when the lists differ.
 */
export type FigureKind =
  'count' | 'span' | 'seconds' | 'instant' | 'ratio' | 'yesno' | 'level' | 'setting' | 'text' | 'id' | 'list';

/** Units of figures: what one of it counts or measures. */
export type Unit =
  | 'users'
  | 'user-seconds'
  | 'attempts'
  | 'events'
  | 'rows'
  | 'outages'
  | 'episodes'
  | 'messages'
  | 'bytes'
  | 's'
  | 'fraction'
  | 'state'
  | 'servers'
  | 'replications'
  | 'none';

/** The wording of a figure where a surface says it differently from its `label`. */
export interface Wordings {
  /** A row of the report's summary table. */
  readonly row?: string;
  /** A column heading of a report table (servers, outages). */
  readonly column?: string;
  /** The heading of a narrow table (plan's evidence), whose legend gives the label once. */
  readonly short?: string;
  /** The word inside a terminal line that names its group (`connected: peak 60,032`). */
  readonly word?: string;
  /** What a card adds under the value (`gave up or left while locked out`). */
  readonly note?: string;
}

/** One figure of an output, declared once. */
export interface Figure {
  readonly kind: FigureKind;
  readonly unit: Unit;
  /** Short label for cards and key tables. */
  readonly label: string;
  /** The sentence that defines it (docs/outputs.md's figure table is generated from it). */
  readonly meaning: string;
  /** How it reads when the run ended first, or users stopped trying, where that matters. */
  readonly cutShort?: string;
  /** A sibling figure bounding a count: its interval is kept within [0, that figure]. */
  readonly boundBy?: string;
  /** Numerator and denominator (sibling figures) a ratio is pooled from across replications. */
  readonly pooled?: readonly [numerator: string, denominator: string];
  /** The highest value of a level. */
  readonly most?: number;
  readonly wordings?: Wordings;
}

/** A JSON leaf as summaries hold them. */
type Leaf = string | number | boolean | null;

/**
 * Every declared path of `T`: object keys joined by `.`, a record's keys as `*` (`servers.*.peak`), a
 * list as its own path and its entries' as `<list>[]` (`outages[].start`).
 */
export type PathsOf<T, P extends string = ''> = T extends Leaf
  ? P
  : T extends readonly (infer E)[]
    ? P | PathsOf<E, `${P}[]`>
    : T extends object
      ? string extends keyof T
        ? PathsOf<T[string & keyof T], Join<P, '*'>>
        : { [K in keyof T & string]-?: PathsOf<Exclude<T[K], undefined>, Join<P, K>> }[keyof T & string]
      : never;

/** Every path of `T` that holds an object of figures (`signIns`, `servers`, `servers.*`, `outages[]`). */
export type GroupsOf<T, P extends string = ''> = T extends Leaf
  ? never
  : T extends readonly (infer E)[]
    ? GroupsOf<E, `${P}[]`>
    : T extends object
      ? | (P extends '' ? never : P)
        | (string extends keyof T
            ? GroupsOf<T[string & keyof T], Join<P, '*'>>
            : { [K in keyof T & string]-?: GroupsOf<Exclude<T[K], undefined>, Join<P, K>> }[keyof T & string])
      : never;

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`;
