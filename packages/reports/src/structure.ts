/**
 * The report as a structure: what every renderer (Markdown, HTML, DOCX) draws. Built once from
 * the model by `buildReport`; numbers are already formatted here (by the column that holds
 * them), so every format prints exactly the same text.
 */

/** How a column prints its numbers: precision is a property of the column, not a global. */
export type ColumnFormat =
  | { kind: "text" }
  /** An integer count (编制人数 35). */
  | { kind: "count" }
  /** 万元 with thousands separators and `places` decimals (38,148.63). */
  | { kind: "wan"; places: number }
  /** A percentage with `places` decimals; the value is already in percent (70.80 → "70.80%"). */
  | { kind: "percent"; places: number }
  /** A decimal with `places` decimals; `trim` drops a zero fraction ("7" rather than "7.00"). */
  | { kind: "decimal"; places: number; trim?: boolean };

export type Align = "left" | "center" | "right";

export interface Column {
  header: string;
  format: ColumnFormat;
  align: Align;
}

export interface Cell {
  /** The printed text ("-" for a value that does not apply). */
  text: string;
  rowSpan?: number;
  colSpan?: number;
  bold?: boolean;
  align?: Align;
  /** Level of indentation in a tree column (0 = none). */
  indent?: number;
}

export interface TableBlock {
  kind: "table";
  /** Stable key the template and placeholders refer to ("goals", "level1", "staffing" …). */
  key: string;
  /** Auto-numbered label: "表1" (body) or "附表1" (appendix). */
  label: string;
  /** "年度绩效目标表" (printed as "表1 年度绩效目标表"). */
  title: string;
  columns: Column[];
  /**
   * Rows of cells, HTML-like: a cell with rowSpan/colSpan covers the cells to its right and
   * below, which are omitted from the following rows.
   */
  rows: Cell[][];
  /** Rows at the top that are headers (1 unless a header is split). */
  headerRows: number;
  note?: string;
}

export interface ChartDatum {
  label: string;
  /** The value as an exact decimal text ("70.8"), and as printed ("70.80%"). */
  value: string;
  printed: string;
}

export interface ChartBlock {
  kind: "chart";
  key: string;
  /** Auto-numbered label: "图1". */
  label: string;
  title: string;
  type: "bar" | "pie";
  /** Axis or legend unit ("%", "万元"). */
  unit: string;
  data: ChartDatum[];
  /** The largest value of the axis (bars of rates: 100). */
  max?: number;
}

export interface HeadingBlock {
  kind: "heading";
  /** 1: 一、 2: （一） 3: 1. 4: （1） */
  level: 1 | 2 | 3 | 4;
  /** Numbering as printed ("一、", "（一）", "1."). */
  number: string;
  text: string;
}

export interface ParagraphBlock {
  kind: "paragraph";
  text: string;
  /** Centered, unindented (notes under a table). */
  align?: "center" | "left";
}

export interface PageBreakBlock {
  kind: "pageBreak";
  /** The pages from here on are landscape (the appendix's wide tables). */
  landscape?: boolean;
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock | ChartBlock | PageBreakBlock;

export interface CoverLine {
  /** "委托方" */
  label: string;
  /** "某县财政局"; "（未填写）" when the file does not say. */
  value: string;
}

export interface ReportDocument {
  title: string;
  /** Lines under the title (评价机构, 日期 …): the cover's lines as text. */
  subtitle: string[];
  /** A cover page: the title and these lines (委托方, 评价机构, 报告日期, 报告编号). */
  cover?: CoverLine[];
  /** A 目录 of the first two heading levels after the cover. */
  toc: boolean;
  blocks: Block[];
  /** Template id the report was built with. */
  template: string;
  /** Language of the generated sentences. */
  lang: "zh" | "en";
}
