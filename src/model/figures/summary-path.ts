// The paths of summary.json's figures, computed from the Summary type: renaming a field of the
// Summary makes every declaration and accessor of the old path fail to compile.
import type { Summary } from '../summary.js';
import type { GroupsOf, PathsOf } from './figure.js';

/** Every path of a single run's summary.json (`signIns.blocking`, `servers.*.peak`, `outages[].start`). */
export type SummaryPath = PathsOf<Summary>;

/** Every path of summary.json that holds figures (`signIns`, `servers`, `servers.*`). */
export type SummaryGroup = GroupsOf<Summary>;
