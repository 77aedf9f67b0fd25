import { formatIt, NOT_AVAILABLE_MARK, SUPPRESSED_MARK } from './formatIt.js';
import { isSuppressed, type CellValue, type ColumnKind, type ReportChart } from './reportModel.js';

/** One bar: its category (a province, a semester), its series (Attivazioni...) when there are several, its value. */
interface ChartBar {
  category: string;
  series?: string;
  /** A published figure: a number, withheld (SUPPRESSED) or not available (null). */
  value: CellValue;
}

export interface BarChartOptions {
  id: string;
  title: string;
  /** What the chart shows, one Italian sentence; the values are added to it for screen readers. */
  description: string;
  bars: ChartBar[];
  /** horizontal: categories down the side (provinces, contracts); vertical: side by side (semesters). */
  orientation: 'horizontal' | 'vertical';
  /** Title of the value axis (none by default). */
  valueTitle?: string;
  /** Negative bars in red (a saldo). */
  negativeRed?: boolean;
  /** Height (horizontal) or width (vertical) of each bar's band, in pixels. */
  step?: number;
  kind?: ColumnKind;
}

/** The notes under a chart with marks: what they stand for (the page's legend says it of tables). */
const markNotes = {
  [SUPPRESSED_MARK]: `${SUPPRESSED_MARK} = valore non pubblicabile per riservatezza statistica: la barra è omessa, non vale zero.`,
  [NOT_AVAILABLE_MARK]: `${NOT_AVAILABLE_MARK} = dato non disponibile: la barra è omessa.`,
};

const INK = '#1f2933';
const NEGATIVE = '#c44e52';
const POSITIVE = '#1f5fa8';

/**
 * A bar chart of published figures. A withheld value is not drawn as a bar of zero
 * (a reader would take it for none): its bar is left out and "n.p." written where it
 * would start, in its series' colour, and a note under the chart says what the mark
 * means; a value not available is marked "n.d." the same way. The description for
 * screen readers ends with every value as the page shows it, marks included. No chart
 * (undefined) when no value is shown.
 */
export function barChart(o: BarChartOptions): ReportChart | undefined {
  // a chart of marks alone (every value withheld or missing) says nothing its table does not
  if (!o.bars.some((b) => typeof b.value === 'number')) return undefined;
  const kind = o.kind ?? 'count';
  const values = o.bars.map((b) => ({
    categoria: b.category,
    misura: b.series ?? '',
    valore: typeof b.value === 'number' ? b.value : null,
    segno: typeof b.value === 'number' ? '' : isSuppressed(b.value) ? SUPPRESSED_MARK : NOT_AVAILABLE_MARK,
  }));
  const series = o.bars.some((b) => b.series !== undefined);
  const categories = [...new Set(o.bars.map((b) => b.category))];
  const horizontal = o.orientation === 'horizontal';
  const [band, value] = horizontal ? (['y', 'x'] as const) : (['x', 'y'] as const);
  const offset = horizontal ? 'yOffset' : 'xOffset';
  const step = o.step ?? (horizontal ? (series ? 14 : 22) : 40);
  const colour = series
    ? { color: { field: 'misura', type: 'nominal', title: null } }
    : o.negativeRed
      ? { color: { condition: { test: 'datum.valore < 0', value: NEGATIVE }, value: POSITIVE } }
      : {};
  const spec = {
    data: { values },
    ...(horizontal ? { width: 520, height: { step } } : { width: { step }, height: 220 }),
    encoding: {
      [band]: {
        field: 'categoria',
        type: horizontal ? 'nominal' : 'ordinal',
        title: null,
        // the order of the bars as given: the layers' domains would otherwise be merged, marked ones last
        sort: categories,
        axis: horizontal ? { labelLimit: 320 } : { labelAngle: 0 },
      },
      ...(series ? { [offset]: { field: 'misura' } } : {}),
    },
    layer: [
      {
        transform: [{ filter: "datum.segno === ''" }],
        mark: 'bar',
        encoding: {
          [value]: { field: 'valore', type: 'quantitative', title: o.valueTitle ?? null },
          ...colour,
        },
      },
      {
        transform: [{ filter: "datum.segno !== ''" }],
        mark: horizontal
          ? { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontStyle: 'italic', fontSize: 10 }
          : { type: 'text', align: 'center', baseline: 'bottom', dy: -3, fontStyle: 'italic', fontSize: 10 },
        encoding: {
          [value]: { datum: 0, type: 'quantitative' },
          text: { field: 'segno' },
          ...(series ? { color: { field: 'misura', type: 'nominal', title: null } } : { color: { value: INK } }),
        },
      },
    ],
  };
  const marks = [...new Set(values.map((v) => v.segno).filter((m) => m !== ''))] as (keyof typeof markNotes)[];
  const shown = (b: ChartBar) => formatIt(b.value, kind);
  const data = categories
    .map((c) => {
      const bars = o.bars.filter((b) => b.category === c);
      return series ? `${c}: ${bars.map((b) => `${b.series} ${shown(b)}`).join(', ')}` : `${c} ${shown(bars[0]!)}`;
    })
    .join('; ');
  return {
    id: o.id,
    title: o.title,
    description: `${o.description} ${data ? `Valori: ${data}.` : 'Nessun valore da mostrare.'}${marks.length ? ` ${marks.map((m) => markNotes[m]).join(' ')}` : ''}`,
    spec,
    ...(marks.length ? { note: marks.map((m) => markNotes[m]).join(' ') } : {}),
  };
}
