// The topology drawn as an SVG for the report: one column per site (data center), one band per pool,
// a box per server coloured by its starting role, and where the pool's database copies live.
import type { SimConfig } from '../../model/config.js';
import { esc, num } from './html.js';

const BOX_W = 70;
const BOX_H = 36;
const GAP = 8;
const LABEL_W = 120;
const HEADER_H = 28;
const ROW_H = BOX_H + 40;

/** Server names per (pool, site) cell, in file order. */
function cells(c: SimConfig): number[][][] {
  return c.pools.map((p) => c.sites.map((_, si) => p.servers.filter((s) => c.servers[s]?.siteIndex === si)));
}

/** Labels of the database copies of pool `pi` kept in site `si` (primary, mirror, backup). */
function dbLabel(c: SimConfig, pi: number, si: number): string {
  const db = c.pools[pi]?.database;
  if (db === undefined) return '';
  const parts: string[] = [];
  if (db.site === si) parts.push('database');
  if (db.mirrorSite === si && db.mirror) parts.push('mirror');
  if (db.backupSite === si) parts.push('backup');
  return parts.join(' + ');
}

/** The site columns: each one's x and width, and the drawing's whole width. */
interface Columns {
  readonly x: number[];
  readonly w: number[];
  readonly width: number;
}

/** Each site's column, wide enough for its most servers of any pool. */
function columnsOf(c: SimConfig, grid: number[][][]): Columns {
  const w = c.sites.map((_, si) =>
    Math.max(110, ...grid.map((row) => (row[si]?.length ?? 0) * (BOX_W + GAP) + GAP)),
  );
  const x: number[] = [];
  let right = LABEL_W;
  for (const cw of w) {
    x.push(right);
    right += cw + GAP;
  }
  return { x, w, width: right };
}

/** An inline SVG (no external references) of the pools, sites and servers at t = 0. */
export function topologySvg(c: SimConfig): string {
  const grid = cells(c);
  const cols = columnsOf(c, grid);
  const { width } = cols;
  const height = HEADER_H + c.pools.length * (ROW_H + GAP);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="topology: pools, sites and servers">`,
    '<style>text{font:12px sans-serif}.small{font-size:10px;fill:#555}.head{font-weight:bold}</style>',
  ];
  c.sites.forEach((site, si) => {
    out.push(
      `<rect x="${cols.x[si]}" y="0" width="${cols.w[si]}" height="${height}" fill="#f5f8fc" stroke="#9ab"/>`,
    );
    out.push(`<text class="head" x="${(cols.x[si] as number) + 6}" y="18">site ${esc(site)}</text>`);
  });
  c.pools.forEach((_, pi) => out.push(...poolBand(c, grid, cols, pi)));
  out.push('</svg>');
  return out.join('\n');
}

/** Pool `pi`'s band: its name and capacity, a box per server in its site's column, its database copies. */
function poolBand(c: SimConfig, grid: number[][][], cols: Columns, pi: number): string[] {
  const p = c.pools[pi];
  if (p === undefined) return [];
  const out: string[] = [];
  const y = HEADER_H + pi * (ROW_H + GAP);
  out.push(`<text class="head" x="4" y="${y + 22}">pool ${esc(p.name)}</text>`);
  out.push(`<text class="small" x="4" y="${y + 38}">${num(p.capacityPerServer)} users/server</text>`);
  c.sites.forEach((_, si) => {
    (grid[pi]?.[si] ?? []).forEach((s, k) => {
      const srv = c.servers[s];
      if (srv === undefined) return;
      const bx = (cols.x[si] as number) + GAP + k * (BOX_W + GAP);
      const active = srv.role === 'active';
      out.push(
        `<rect x="${bx}" y="${y + 6}" width="${BOX_W}" height="${BOX_H}" rx="4" fill="${active ? '#c7e9c0' : '#eeeeee'}" stroke="${active ? '#2ca02c' : '#888888'}"/>`,
      );
      out.push(`<text x="${bx + 6}" y="${y + 22}">${esc(srv.name)}</text>`);
      out.push(`<text class="small" x="${bx + 6}" y="${y + 36}">${srv.role}</text>`);
    });
    const db = dbLabel(c, pi, si);
    if (db !== '')
      out.push(
        `<text class="small" x="${(cols.x[si] as number) + GAP}" y="${y + BOX_H + 24}">▣ ${esc(db)}</text>`,
      );
  });
  return out;
}
