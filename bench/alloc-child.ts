// Child process of the allocation check, alone in its process (run with --expose-gc) so no other
// section's code shares its JIT feedback; prints its rows as one JSON line. A simulation's process has
// one handler, as this child does: after the hold model's handler in the same process, V8 leaves
// `schedule` out of line in the row's handler and boxes its time (bench/README.md, "Allocation check").
import { benchAllocation } from './alloc.bench.js';

const [file, label] = process.argv.slice(2);
if (file === undefined || label === undefined) {
  process.stderr.write('usage: node --expose-gc alloc-child.js <scenario.yaml> <label>\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await benchAllocation(file, label))}\n`);
