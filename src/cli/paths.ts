// Paths the CLI needs: the shipped scenarios folder, found relative to this module (src/cli or dist/cli).
import { fileURLToPath } from 'node:url';

/** The built-in default scenario, run when `pchat-sim run` names none. */
export const DEFAULT_SCENARIO = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
