// Runs with every test file (vitest.config.ts setupFiles): removes its temporary folders at the end.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
