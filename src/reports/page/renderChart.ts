import type { TopLevelSpec } from 'vega-lite';
import type { ReportChart } from './reportModel.js';

/**
 * vega and vega-lite, loaded on the first chart rather than when the program starts
 * (they take about 0.35 s, and only a report draws charts), with the number format
 * set once: axis labels and tooltips the Italian way, 1.234,5.
 */
let renderers: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;
const loadRenderers = () =>
  (renderers ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    vega.formatLocale({ decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] });
    return { vega, vegaLite };
  }));

const config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  // The chart's accessible name and description are its own <title> and <desc> (below),
  // not the marks one by one: Vega's per-mark labels are left out.
  aria: false,
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e5e7eb' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', symbolType: 'square' },
  view: { stroke: null },
  // Blue and orange differ in lightness too, so the series stay apart printed in black and white.
  range: { category: ['#1f5fa8', '#e07b39', '#5a9e4b', '#8c6bb1', '#c44e52', '#777777'] },
};

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A chart rendered to an SVG string at build time (vega-lite, data inline), so the
 * page holds the chart itself and needs no script or network to show it. The SVG is
 * an image to assistive technology (role="img") named by its <title> (the chart's
 * Italian title) and described by its <desc> (what it shows, and its values), in the
 * page and in the file charts/<id>.svg alike.
 */
export async function renderChart(chart: ReportChart): Promise<string> {
  const { vega, vegaLite } = await loadRenderers();
  const vegaSpec = vegaLite.compile({ config, ...chart.spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const ids = { title: `grafico-${chart.id}-titolo`, desc: `grafico-${chart.id}-descrizione` };
  return svg.replace(
    /^<svg([^>]*)>/,
    (_, attributes: string) =>
      `<svg${attributes} role="img" aria-labelledby="${ids.title}" aria-describedby="${ids.desc}">` +
      `<title id="${ids.title}">${escapeXml(chart.title)}</title><desc id="${ids.desc}">${escapeXml(chart.description)}</desc>`,
  );
}
