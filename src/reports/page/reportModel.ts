/**
 * A report page as data (the semi-annual report, the crisis summary): sections of paragraphs, tables and charts,
 * rendered to HTML and Markdown by renderHtml and renderMarkdown. Values stay
 * numbers here; the renderers format them the Italian way.
 */

/** A published count withheld by statistical disclosure control. */
export const SUPPRESSED = { suppressed: true } as const;
export type Suppressed = typeof SUPPRESSED;
/** null: not available (n.d.), e.g. a change against a semester the data do not cover. */
export type CellValue = string | number | null | Suppressed;

export const isSuppressed = (v: CellValue): v is Suppressed => typeof v === 'object' && v !== null;

/** text: as is; count: integer; decimal: one decimal; ratio: two decimals; percent: share 0-100; change: signed percent. */
export type ColumnKind = 'text' | 'count' | 'decimal' | 'ratio' | 'percent' | 'change';

export interface Column {
  label: string;
  kind: ColumnKind;
}

export interface ReportTable {
  title: string;
  columns: Column[];
  rows: CellValue[][];
  /** The last row is a total (shown in bold). */
  totalRow?: boolean;
  note?: string;
  /** The source line printed under the table (page/sources.ts). */
  source: string;
  /** Cells (rows of the table's grain) withheld by disclosure control. */
  suppressed: number;
}

export interface ReportChart {
  /** File-name friendly id (charts/<id>.svg beside report.md). */
  id: string;
  /** The chart's Italian title: its caption on the page and its SVG <title>. */
  title: string;
  /**
   * What the chart shows, in Italian, for a reader who cannot see it: the SVG's <desc>
   * and the image's alternative text in the Markdown (page/barChart.ts adds the values).
   */
  description: string;
  /** A vega-lite specification with its data inline. */
  spec: Record<string, unknown>;
  /** Printed under the chart: what its marks mean (e.g. n.p. where a value is withheld). */
  note?: string;
}

export interface ReportSection {
  id: string;
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
  charts: ReportChart[];
}

export interface ReportPage {
  title: string;
  subtitle: string;
  /** Who publishes the report (--author), shown under the title; none by default. */
  author?: string;
  /** Warnings the page opens with, above the headline figures (e.g. a semester the data do not cover). */
  warnings?: string[];
  /** Headline figures: label and value, shown as cards. */
  headline: { label: string; value: CellValue; kind: ColumnKind; note?: string }[];
  sections: ReportSection[];
  generated: string;
}
