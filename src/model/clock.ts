// Where the model's tables read the simulated time (the Simulator is one).

/**
 * The current simulated time, in seconds, in `time[0]`. perf: the tables touched per event
 * (ServerTable, Tally) read it themselves rather than take it as an argument, and from a typed array
 * rather than a getter: V8 boxes (heap-allocates) a double passed to or returned from a call it does
 * not inline, and those boxes grow the young generation (bench/README.md, "No double crosses a call").
 */
export interface Clock {
  readonly time: Float64Array;
}
