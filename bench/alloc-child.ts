// Child process of section 4: the allocation check alone in its process (run with --expose-gc), so
// no other section's code shares its JIT feedback, and prints its rows as one JSON line.
// Why: run after section 1 in the same process, the engine row read 7.75 B/event and a GC in every
// run. Section 1's hold model had made Simulator.run's call of `handle` polymorphic, V8 then left
// `schedule` out of line in the row's handler, and its double argument (the event's time) was boxed.
// A simulation's process has one handler, as this child does (bench/README.md, issue 14).
import { benchAllocation } from './alloc.bench.js';

const [file, label] = process.argv.slice(2);
if (file === undefined || label === undefined) {
  process.stderr.write('usage: node --expose-gc alloc-child.js <scenario.yaml> <label>\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await benchAllocation(file, label))}\n`);
