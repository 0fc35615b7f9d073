// Vega-Lite spec → SVG text, in Node, offline: compiled by vega-lite, rendered headless by vega
// (renderer 'none'), with a loader that refuses every URL so no chart can reach the network.
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { loadVegaBundles } from './vega-bundles.js';

const { vega, vegaLite } = loadVegaBundles();

/** A vega loader that loads nothing and remembers what it was asked for: data must be inline. */
function offlineLoader(refused: string[]): Vega.Loader {
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(new Error(`charts are rendered offline; refusing to load ${uri}`));
  };
  const loader = vega.loader();
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  return loader;
}

/**
 * Renders a Vega-Lite spec with inline data to a standalone SVG document (deterministic text).
 * @throws Error if the spec asks for anything by URL (data, images): charts never touch the network.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const refused: string[] = [];
  const runtime = vega.parse(vegaLite.compile(spec).spec);
  const view = new vega.View(runtime, {
    renderer: 'none',
    loader: offlineLoader(refused),
    logLevel: vega.None,
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0)
      throw new Error(`a chart may only use inline data; it asked for ${refused.join(', ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/**
 * Makes the ids of an SVG unique within a page (vega names its clip paths clip1, clip2, ... in
 * every chart), so several charts can be inlined in one HTML document.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}
