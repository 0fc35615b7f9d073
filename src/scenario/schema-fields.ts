// The fields the scenario schema is built from: durations and instants of the run, names, finite
// numbers and the distributions of a duration. Every time value is seconds after parsing.
import { z } from './zod.js';
import { DURATION_FORMS, DURATION_PATTERN, parseDuration } from './duration.js';

const DURATION_RULE = `expected ${DURATION_FORMS}`;

/**
 * A duration or a time of the run: number = seconds, or "90s" / "15m" / "8h" / "7d", or a clock time
 * "08:15" / "1d 08:15" (t = 0 is 00:00 of day 0). Parsed to seconds. The string's pattern is for
 * editors (the JSON Schema); the parser checks it, ranges included.
 */
export const duration = z
  .union([z.number(), z.string().meta({ pattern: DURATION_PATTERN })])
  .transform((v, ctx) => {
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Invalid duration: ${DURATION_RULE}; received ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return s;
  });

/** The warm-up: a time of the run (a duration or a clock time), or "auto" (found from the run by MSER-5, see experiment/run/auto-warmup.ts). */
export const warmup = z
  .union([z.number(), z.string().meta({ pattern: `^(?:auto|${DURATION_PATTERN.slice(1, -1)})$` })])
  .transform((v, ctx): number | 'auto' => {
    if (v === 'auto') return 'auto';
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Invalid warm-up: expected "auto" or ${DURATION_RULE.replace('expected ', '')}; received ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return s;
  });

export const positiveDuration = duration.refine((s) => s > 0, {
  message: 'Invalid duration: expected more than 0 seconds',
});
/** At most 100 characters: a name becomes a file or folder name (255 bytes with pchat-sim's suffixes). */
export const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  message:
    'Invalid name: expected 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit',
});
export const finite = z.number().finite();

/** A probability distribution of a duration; every time value in seconds after parsing. */
export const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('fixed'), mean: duration }),
  z.strictObject({ dist: z.literal('exponential'), mean: positiveDuration }),
  z.strictObject({ dist: z.literal('lognormal'), mean: positiveDuration, sd: duration }),
  z.strictObject({ dist: z.literal('weibull'), mean: positiveDuration, shape: finite.positive() }),
  z.strictObject({ dist: z.literal('uniform'), min: duration, max: duration }).refine((u) => u.max >= u.min, {
    message: 'Invalid uniform distribution: expected max ≥ min',
    path: ['max'],
  }),
]);

/** An instant of the run, as the keys `at` and `warmup` take it. */
export const time = (what: string) =>
  duration.describe(
    `${what}: seconds, a duration like "2h45m" or a clock time like "08:15", "1d 08:15" (t = 0 is 00:00 of day 0)`,
  );
