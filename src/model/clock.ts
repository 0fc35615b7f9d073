// Where the model's tables read the simulated time (the Simulator is one).

/**
 * The current simulated time, in seconds, in `time[0]`. perf: the tables touched per event
 * (ServerTable, Tally) read it themselves rather than take it as an argument, and from a typed array
 * rather than a getter: V8 boxes (heap-allocates) a double passed to or returned from a call it does
 * not inline, which made the young generation grow (bench/README.md, issue 14).
 */
export interface Clock {
  readonly time: Float64Array;
}
