// zod, loaded as CommonJS: its ES module build is ~80 files, which Node's module loader opens all at once
// (a command needed over 100 open files just to start and failed under `ulimit -n 100`); CommonJS loads
// them one after another. Every schema uses this one copy.
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

/** zod's `z` (its types are imported from 'zod' as types only). */
export const z = (createRequire(import.meta.url)('zod') as typeof Zod).z;
