// Writes the charts of a run folder as SVG files beside its CSVs: chart-servers.svg, chart-users.svg
// and chart-active.svg from timeline.csv and events.csv; chart-bands.svg and chart-sweep.svg for
// experiments. Each file is written atomically; the SVG text is also returned for the report.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { NO_ADMISSION_LIMIT, type SimConfig } from '../../model/config.js';
import { writeFileAtomic } from '../atomic-file.js';
import { readBands } from './bands-file.js';
import { DEFAULT_MAX_POINTS } from './downsample.js';
import { readEvents, type RunEvent } from './events-file.js';
import { bandsSpec } from './bands-spec.js';
import { figurePointsSpec, type FigurePointsInput } from './figure-points-spec.js';
import { renderSvg } from './render-svg.js';
import { readTimeline, type Timeline } from './timeline-file.js';
import {
  activeServersSpec,
  serverLoadSpec,
  usersSpec,
  type LimitLine,
  type TimelineChartInput,
} from './timeline-specs.js';

/** A chart written to a run folder. */
export interface ChartFile {
  /** File name inside the run folder, e.g. `chart-servers.svg`. */
  readonly file: string;
  readonly title: string;
  /** How a planner reads it, in one or two sentences (the report prints it under the chart). */
  readonly howToRead: string;
  readonly svg: string;
}

async function writeChart(
  outDir: string,
  file: string,
  title: string,
  howToRead: string,
  spec: TopLevelSpec,
): Promise<ChartFile> {
  const svg = await renderSvg(spec);
  writeFileAtomic(join(outDir, file), svg);
  return { file, title, howToRead, svg };
}

/** 20000 → `20,000`. */
function thousands(x: number): string {
  return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The reference lines of the per-server chart: each pool's supported capacity and admission limit. */
export function limitLines(config: SimConfig): LimitLine[] {
  const out: LimitLine[] = [];
  const add = (users: number, label: string): void => {
    if (!out.some((l) => l.users === users)) out.push({ users, label });
  };
  const many =
    new Set(config.pools.map((p) => `${p.capacityPerServer}/${p.admissionLimitPerServer}`)).size > 1;
  for (const p of config.pools) {
    const pool = many ? `${p.name}: ` : '';
    const cap = thousands(p.capacityPerServer);
    if (p.admissionLimitPerServer === p.capacityPerServer)
      add(p.capacityPerServer, `${pool}supported ${cap} = admission limit`);
    else if (p.admissionLimitPerServer === NO_ADMISSION_LIMIT)
      add(p.capacityPerServer, `${pool}supported ${cap}`);
    else {
      add(p.capacityPerServer, `${pool}supported ${cap}`);
      add(p.admissionLimitPerServer, `${pool}admission limit ${thousands(p.admissionLimitPerServer)}`);
    }
  }
  return out;
}

/** The run's timeline charts in the report's order: file, title, how to read it, and its spec. */
const RUN_CHARTS: readonly {
  readonly file: string;
  readonly title: string;
  readonly howToRead: string;
  readonly spec: (input: TimelineChartInput) => TopLevelSpec;
}[] = [
  {
    file: 'chart-servers.svg',
    title: 'Users per server',
    howToRead:
      'One panel per server, all on the same scale, so servers with the same load never hide each other. Above the dashed supported line a server runs over the load Microsoft supports (20,000 users [doc]); it refuses sign-ins at the admission limit, when one is set. Counts are steps: each changes at the first sample after an event. Numbered dashed rules mark the events (listed under the title and in the marker table).',
    spec: serverLoadSpec,
  },
  {
    file: 'chart-users.svg',
    title: 'Connected and waiting users',
    howToRead:
      'Top: users signed in. Bottom: users trying to (re)connect, in a reconnect or retry delay; after a failure it jumps and drains as they find a server, and stays up while no server has room. Same time axis and numbered markers as the other charts.',
    spec: usersSpec,
  },
  {
    file: 'chart-active.svg',
    title: 'Active servers',
    howToRead:
      'Servers that are up, in the active list and with their database online. A failure lowers it; an administrator promoting a standby raises it again.',
    spec: activeServersSpec,
  },
];

/**
 * Renders the three timeline charts of the run in `outDir` (which must hold timeline.csv and
 * events.csv) and writes them there. Long timelines are cut to `maxPoints` points per series. With
 * `replications` > 1, timeline.csv holds per-time means and the subtitles say so. `kept`: timeline.csv
 * as readTimeline would read it, already in memory.
 */
export async function writeRunCharts(
  config: SimConfig,
  outDir: string,
  maxPoints = DEFAULT_MAX_POINTS,
  replications = 1,
  kept: Timeline | null = null,
): Promise<{ charts: ChartFile[]; events: RunEvent[] }> {
  const timeline = kept ?? (await readTimeline(join(outDir, 'timeline.csv'), maxPoints));
  const events = await readEvents(join(outDir, 'events.csv'));
  const input: TimelineChartInput = {
    name: config.name,
    timeline,
    servers: config.servers.map((s) => ({ name: s.name, pool: config.pools[s.pool]?.name ?? '' })),
    limits: limitLines(config),
    events: events.filter((e) => e.replication === 0),
    ...(replications > 1
      ? { note: `mean of ${replications} replications at each sample; markers: replication 0's events` }
      : {}),
  };
  const charts: ChartFile[] = [];
  for (const c of RUN_CHARTS)
    charts.push(await writeChart(outDir, c.file, c.title, c.howToRead, c.spec(input)));
  return { charts, events };
}

/**
 * For a replicated run: renders `columns` of timeline.csv (per-time means) inside their p5–p95 bands
 * from timeline-bands.csv (columns `<name>_p5`, `<name>_p95`) to chart-bands.svg.
 * @returns undefined when the folder has no timeline-bands.csv.
 */
export async function writeBandsChart(
  outDir: string,
  name: string,
  replications: number,
  columns: readonly string[] = ['connected', 'waiting'],
  maxPoints = DEFAULT_MAX_POINTS,
): Promise<ChartFile | undefined> {
  const bandsPath = join(outDir, 'timeline-bands.csv');
  if (!existsSync(bandsPath)) return undefined;
  const means = await readTimeline(join(outDir, 'timeline.csv'), maxPoints);
  const bands = await readBands(bandsPath, maxPoints);
  const events = (await readEvents(join(outDir, 'events.csv'))).filter((e) => e.replication === 0);
  const spec = bandsSpec({ name, replications, means, bands, columns, events });
  return writeChart(
    outDir,
    'chart-bands.svg',
    `Mean of ${replications} replications`,
    'The line is the mean across replications at each sample time; the band holds the middle 90% of replications (5th to 95th percentile).',
    spec,
  );
}

/** Renders a sweep's figures (mean and 95% CI per point) against the swept keys to chart-sweep.svg. */
export function writeSweepChart(outDir: string, input: FigurePointsInput): Promise<ChartFile> {
  return writeChart(
    outDir,
    'chart-sweep.svg',
    input.title,
    'Each point is the mean over the replications of one point of the grid, with its 95% confidence interval; a dashed red line is a target, a ring the first point that meets every target.',
    figurePointsSpec(input),
  );
}

/** Renders a plan's target figures (mean and bounds per candidate) to chart-plan.svg. */
export function writePlanChart(outDir: string, input: FigurePointsInput): Promise<ChartFile> {
  return writeChart(
    outDir,
    'chart-plan.svg',
    input.title,
    'Each point is a candidate: the mean over its runs with the bounds its decision used; a dashed red line is a target (a candidate meets it when its upper bound is within it), a ring the answer.',
    figurePointsSpec(input),
  );
}
