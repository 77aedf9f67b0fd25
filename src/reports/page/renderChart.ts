import { formatLocale, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

// Axis labels and tooltips the Italian way: 1.234,5.
formatLocale({ decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] });

const config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e5e7eb' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  view: { stroke: null },
  range: { category: ['#1f5fa8', '#e07b39', '#5a9e4b', '#8c6bb1', '#c44e52', '#777777'] },
};

/**
 * A vega-lite specification (data inline) rendered to an SVG string at build time,
 * so the page holds the chart itself and needs no script or network to show it.
 */
export async function renderChart(spec: Record<string, unknown>): Promise<string> {
  const vegaSpec = compile({ config, ...spec } as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
