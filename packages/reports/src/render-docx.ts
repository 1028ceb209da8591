/**
 * Report structure → .docx (Office Open XML) in the manner of GB/T 9704: A4, 版心 156 × 225 mm
 * (top 37 mm, left 28 mm), title 方正小标宋简体 二号, headings 黑体 / 楷体_GB2312 / 仿宋 bold,
 * body 仿宋_GB2312 三号 at a fixed 28 pt line, page numbers "— N —" in 宋体 四号 (odd pages
 * right, even pages left). The official font names stay in the file; see fonts.ts.
 * Charts: native Word charts (vector in Word, LibreOffice and so the PDF).
 */
import {
  AlignmentType,
  Bookmark,
  Document,
  Footer,
  HeadingLevel,
  LeaderType,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  PageReference,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import { ChartRun } from "docx/charts";
import { DEFAULT_CHART_SIZE } from "./charts.js";
import { FONTS, SIZES } from "./fonts.js";
import { columnWidths } from "./layout.js";
import type { Block, Cell, ChartBlock, ReportDocument, TableBlock } from "./structure.js";

const MM = 56.7; // twips per millimetre
const TEXT_WIDTH = Math.round(156 * MM);
/** The text block of a landscape page (A4 turned, 37 mm binding side and 35 mm opposite): 225 mm. */
const LANDSCAPE_WIDTH = Math.round(225 * MM);
/** Ems of 小四 (12 pt) across a text block. */
const emsAcross = (width: number) => Math.floor(width / MM / (12 * 0.3528));
const half = (pt: number) => Math.round(pt * 2);
const twips = (pt: number) => Math.round(pt * 20);
const EXACT_LINE = { line: twips(28), lineRule: LineRuleType.EXACT };

export interface DocxOptions {
  /** Embed charts (default true). */
  charts?: boolean;
  /**
   * A line printed under the page number on every numbered page: which version of the evaluation
   * the report came from ("依据评价第 5 版（2025-03-02 10:15）生成"), passed by whoever renders it.
   */
  footerNote?: string;
}

function run(text: string, font: string, size: number, extra: { bold?: boolean } = {}): TextRun {
  return new TextRun({ text, font, size: half(size), bold: extra.bold });
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

function heading(b: Extract<Block, { kind: "heading" }>, pageBreakBefore: boolean, bookmark?: string): Paragraph {
  const appendix = b.number === "";
  const text = new TextRun({ text: `${b.number}${b.text}` });
  return new Paragraph({
    heading: HEADINGS[b.level - 1],
    pageBreakBefore,
    keepNext: true,
    alignment: appendix ? AlignmentType.LEFT : AlignmentType.BOTH,
    indent: appendix ? undefined : { firstLine: twips(32) },
    spacing: EXACT_LINE,
    children: [bookmark ? new Bookmark({ id: bookmark, children: [text] }) : text],
  });
}

/** A line of the 目录: the heading, a dotted leader, its page (a PAGEREF to the heading's bookmark, computed by Word and LibreOffice). */
function tocLine(b: Extract<Block, { kind: "heading" }>, bookmark: string): Paragraph {
  return new Paragraph({
    indent: { left: b.level === 1 || b.number === "" ? 0 : twips(32) },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
    spacing: EXACT_LINE,
    children: [run(`${b.number}${b.text}\t`, b.level === 1 ? FONTS.heading1 : FONTS.body, SIZES.body), new PageReference(bookmark)],
  });
}

function paragraph(text: string, center = false): Paragraph {
  return new Paragraph({
    alignment: center ? AlignmentType.CENTER : AlignmentType.BOTH,
    indent: center ? undefined : { firstLine: twips(32) },
    spacing: EXACT_LINE,
    children: [run(text, FONTS.body, SIZES.body)],
  });
}

function caption(text: string, keepNext: boolean): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext,
    spacing: { before: twips(6), after: twips(6), line: 360, lineRule: LineRuleType.AUTO },
    children: [run(text, FONTS.heading1, SIZES.caption)],
  });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** Tables up to this many rows are kept on one page (each row's paragraphs keep with the next). */
const KEEP_TOGETHER_ROWS = 14;

function tableCell(c: Cell, header: boolean, widths: number[], col: number, keepNext: boolean): TableCell {
  const span = c.colSpan ?? 1;
  const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
  return new TableCell({
    rowSpan: c.rowSpan,
    columnSpan: c.colSpan,
    verticalAlign: VerticalAlignTable.CENTER,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: ALIGN[header ? "center" : (c.align ?? "center")],
        keepNext,
        indent: c.indent ? { left: twips(SIZES.table * c.indent) } : undefined,
        spacing: { line: 300, lineRule: LineRuleType.AUTO },
        children: [run(c.text, header ? FONTS.heading1 : FONTS.body, SIZES.table, { bold: !header && c.bold })],
      }),
    ],
  });
}

function table(t: TableBlock, textWidth: number): Array<Paragraph | Table> {
  // Widths from the content (numbers, codes and short names never wrap): 156 mm is 36 ems of 12 pt.
  const widths = columnWidths(t, emsAcross(textWidth)).map((f) => Math.floor(f * textWidth));
  // Cells covered by a vertical merge are omitted from our rows; docx needs each row's column
  // positions to place widths, so track which columns are taken by spans from above.
  const taken: number[] = new Array<number>(t.columns.length).fill(0);
  const keepTogether = t.rows.length <= KEEP_TOGETHER_ROWS;
  const rows = t.rows.map((row, r) => {
    const header = r < t.headerRows;
    let col = 0;
    const cells: TableCell[] = [];
    for (const c of row) {
      while (col < taken.length && taken[col]! > 0) col++;
      cells.push(tableCell(c, header, widths, col, keepTogether && r < t.rows.length - 1));
      const span = c.colSpan ?? 1;
      for (let j = 0; j < span; j++) if (col + j < taken.length) taken[col + j] = c.rowSpan ?? 1;
      col += span;
    }
    for (let j = 0; j < taken.length; j++) if (taken[j]! > 0) taken[j]!--;
    return new TableRow({ tableHeader: header, cantSplit: true, children: cells });
  });
  return [
    caption(`${t.label} ${t.title}`, true),
    new Table({ rows, columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: textWidth, type: WidthType.DXA } }),
    ...(t.note ? [paragraph(t.note)] : []),
    new Paragraph({ spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, children: [] }),
  ];
}

const CHART_COLORS = ["1F4E79", "C55A11", "548235", "7F6000", "7030A0", "2E75B6", "BF9000", "833C0B"];

/**
 * A native Word chart (DrawingML, with its data in an embedded workbook): vector in Word and in
 * LibreOffice, so in the PDF too. Bar heights and slice angles are numbers (geometry); every label
 * is the exact printed text ("70.80%", "6,561.92").
 */
function chart(c: ChartBlock): Paragraph[] {
  const size = DEFAULT_CHART_SIZE;
  const font = { name: FONTS.heading1 };
  const alt = {
    name: `${c.label} ${c.title}`,
    title: `${c.label} ${c.title}`,
    description: `${c.label} ${c.title}：${c.data.map((d) => `${d.label} ${d.printed}`).join("，")}`,
  };
  const categories = c.data.map((d) => d.label);
  const values = c.data.map((d) => Number(d.value));
  const run =
    c.type === "bar"
      ? new ChartRun({
          type: "column",
          categories,
          series: [{ name: c.title, values, color: CHART_COLORS[0], pointLabels: c.data.map((d) => ({ text: d.printed })) }],
          dataLabels: { value: true, position: "outsideEnd", font: { ...font, size: 10 } },
          valueAxis: { minimum: 0, maximum: c.max, numberFormat: c.unit === "%" ? '0"%"' : "#,##0", font: { ...font, size: 9 } },
          categoryAxis: { font: { ...font, size: 10 } },
          legend: false,
          gapWidth: 120,
          font,
          chartArea: { border: "none" },
          transformation: size,
          altText: alt,
        })
      : new ChartRun({
          type: "doughnut",
          categories,
          holeSize: 45,
          series: [
            {
              name: c.title,
              values,
              colors: c.data.map((_, i) => CHART_COLORS[i % CHART_COLORS.length]),
              pointLabels: c.data.map((d) => ({ text: `${d.printed}${c.unit}` })),
            },
          ],
          dataLabels: { value: true, font: { ...font, size: 10, bold: true, color: "FFFFFF" } },
          legend: { position: "right", font: { ...font, size: 10 } },
          font,
          chartArea: { border: "none" },
          transformation: size,
          altText: alt,
        });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      // Single spacing: under the body's exact 28 pt line the chart would be clipped to one line.
      spacing: { before: twips(6), line: 240, lineRule: LineRuleType.AUTO },
      children: [run],
    }),
    caption(`${c.label} ${c.title}`, false),
  ];
}

function pageNumberFooter(align: "right" | "left", note?: string): Footer {
  const alignment = align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const indent = align === "right" ? { right: twips(14) } : { left: twips(14) };
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent,
        children: [new TextRun({ font: FONTS.pageNumber, size: half(SIZES.pageNumber), children: ["— ", PageNumber.CURRENT, " —"] })],
      }),
      ...(note ? [new Paragraph({ alignment, indent, children: [new TextRun({ text: note, font: FONTS.pageNumber, size: 18 })] })] : []),
    ],
  });
}

const PORTRAIT_MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
  footer: Math.round(23 * MM),
  header: Math.round(15 * MM),
};
/** Turned a quarter: the binding side (top of a portrait page) is now on the left. */
const LANDSCAPE_MARGIN = {
  top: Math.round(28 * MM),
  bottom: Math.round(26 * MM),
  left: Math.round(37 * MM),
  right: Math.round(35 * MM),
  footer: Math.round(12 * MM),
  header: Math.round(10 * MM),
};

function emptyFooter(): Footer {
  return new Footer({ children: [new Paragraph({ children: [] })] });
}

/** The cover: the title in 小标宋 and the commission lines (委托方, 评价机构, 报告日期, 报告编号). */
function coverPage(doc: ReportDocument): Paragraph[] {
  const lines = doc.cover ?? [];
  return [
    new Paragraph({ spacing: { before: twips(150), line: twips(36), lineRule: LineRuleType.EXACT }, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: twips(160), line: twips(40), lineRule: LineRuleType.EXACT },
      children: [run(doc.title, FONTS.title, SIZES.title)],
    }),
    ...lines.map(
      (l) =>
        new Paragraph({
          alignment: AlignmentType.LEFT,
          indent: { left: twips(16 * 4) },
          spacing: { line: twips(36), lineRule: LineRuleType.EXACT },
          children: [run(`${l.label}：`, FONTS.heading1, SIZES.body), run(l.value, FONTS.body, SIZES.body)],
        }),
    ),
  ];
}

/** Build the docx Document object (exposed for tests that inspect it). */
export function docxDocument(doc: ReportDocument, options: DocxOptions = {}): Document {
  const withCover = doc.cover !== undefined;
  const front: Array<Paragraph | Table> = withCover ? coverPage(doc) : [];
  const body: Array<Paragraph | Table> = withCover
    ? []
    : [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: twips(28), line: twips(36), lineRule: LineRuleType.EXACT },
          children: [run(doc.title, FONTS.title, SIZES.title)],
        }),
        ...doc.subtitle.map(
          (s, i) =>
            new Paragraph({
              alignment: AlignmentType.CENTER,
              spacing: { ...EXACT_LINE, after: i === doc.subtitle.length - 1 ? twips(28) : 0 },
              children: [run(s, FONTS.heading2, SIZES.body)],
            }),
        ),
      ];
  // Headings of the first two levels carry bookmarks the 目录's page references point at.
  const marks = new Map<Block, string>();
  if (doc.toc)
    doc.blocks.forEach((b, i) => {
      if (b.kind === "heading" && (b.level <= 2 || b.number === "")) marks.set(b, `_Toc_h${i}`);
    });
  if (doc.toc) {
    front.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        pageBreakBefore: withCover,
        spacing: { after: twips(16), line: twips(36), lineRule: LineRuleType.EXACT },
        children: [run("目录", FONTS.heading1, SIZES.title)],
      }),
    );
    for (const [b, id] of marks) if (b.kind === "heading") front.push(tocLine(b, id));
  }
  // The appendix may turn the page: a section of its own, landscape, numbering continued.
  let target = body;
  const appendix: Array<Paragraph | Table> = [];
  let landscape = false;
  let breakNext = false;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        target.push(heading(b, breakNext && !(landscape && target === appendix && appendix.length === 0), marks.get(b)));
        breakNext = false;
        break;
      case "paragraph":
        target.push(paragraph(b.text, b.align === "center"));
        break;
      case "table":
        target.push(...table(b, target === appendix && landscape ? LANDSCAPE_WIDTH : TEXT_WIDTH));
        break;
      case "chart":
        if (options.charts !== false) target.push(...chart(b));
        break;
      case "pageBreak":
        if (b.landscape && target === body) {
          target = appendix;
          landscape = true;
        }
        breakNext = true;
        break;
    }
  }
  const headingStyle = (id: string, name: string, font: string, bold = false) => ({
    id,
    name,
    basedOn: "Normal",
    next: "Normal",
    quickFormat: true,
    run: { font, size: half(SIZES.body), bold, color: "000000" },
    paragraph: { spacing: { before: 0, after: 0, line: twips(28), lineRule: LineRuleType.EXACT } },
  });
  const A4 = { width: 11906, height: 16838 }; // A4 in twips, as Word writes it
  const footers = { default: pageNumberFooter("right", options.footerNote), even: pageNumberFooter("left", options.footerNote) };
  const sections = [];
  if (front.length > 0)
    sections.push({
      properties: { page: { size: A4, margin: PORTRAIT_MARGIN } },
      footers: { default: emptyFooter(), even: emptyFooter() },
      children: front,
    });
  sections.push({
    properties: { page: { size: A4, margin: PORTRAIT_MARGIN, pageNumbers: front.length > 0 ? { start: 1 } : undefined } },
    footers,
    children: body,
  });
  if (appendix.length > 0)
    sections.push({
      properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN } },
      footers,
      children: appendix,
    });
  return new Document({
    creator: "Jixiao 绩效",
    title: doc.title,
    description: `预算绩效评价报告（模板 ${doc.template}）`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: { font: FONTS.body, size: half(SIZES.body) }, paragraph: { spacing: EXACT_LINE } },
      },
      paragraphStyles: [
        headingStyle("Heading1", "Heading 1", FONTS.heading1),
        headingStyle("Heading2", "Heading 2", FONTS.heading2),
        headingStyle("Heading3", "Heading 3", FONTS.body, true),
        headingStyle("Heading4", "Heading 4", FONTS.body),
      ],
    },
    sections,
  });
}

/** The report as a .docx file. */
export async function renderDocx(doc: ReportDocument, options: DocxOptions = {}): Promise<Uint8Array> {
  // toArrayBuffer, not toBuffer: no Node Buffer, so this runs in a browser too.
  return new Uint8Array(await Packer.toArrayBuffer(docxDocument(doc, options)));
}
