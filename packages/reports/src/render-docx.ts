/**
 * Report structure → .docx (Office Open XML) in the manner of GB/T 9704: A4, 版心 156 × 225 mm
 * (top 37 mm, left 28 mm), title 方正小标宋简体 二号, headings 黑体 / 楷体_GB2312 / 仿宋 bold,
 * body 仿宋_GB2312 三号 at a fixed 28 pt line, page numbers "— N —" in 宋体 四号 (odd pages
 * right, even pages left). The official font names stay in the file; see fonts.ts.
 * Charts: native Word charts (vector in Word, LibreOffice and so the PDF).
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
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
const half = (pt: number) => Math.round(pt * 2);
const twips = (pt: number) => Math.round(pt * 20);
const EXACT_LINE = { line: twips(28), lineRule: LineRuleType.EXACT };

export interface DocxOptions {
  /** Embed charts (default true). */
  charts?: boolean;
}

function run(text: string, font: string, size: number, extra: { bold?: boolean } = {}): TextRun {
  return new TextRun({ text, font, size: half(size), bold: extra.bold });
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

function heading(b: Extract<Block, { kind: "heading" }>, pageBreakBefore: boolean): Paragraph {
  const appendix = b.number === "";
  return new Paragraph({
    heading: HEADINGS[b.level - 1],
    pageBreakBefore,
    keepNext: true,
    alignment: appendix ? AlignmentType.LEFT : AlignmentType.BOTH,
    indent: appendix ? undefined : { firstLine: twips(32) },
    spacing: EXACT_LINE,
    children: [new TextRun({ text: `${b.number}${b.text}` })],
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

function table(t: TableBlock): Array<Paragraph | Table> {
  // Widths from the content (numbers never wrap): the text block is 156 mm, 36 ems of 12 pt.
  const widths = columnWidths(t, 36).map((f) => Math.floor(f * TEXT_WIDTH));
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
    new Table({ rows, columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: TEXT_WIDTH, type: WidthType.DXA } }),
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

function pageNumberFooter(align: "right" | "left"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === "right" ? { right: twips(14) } : { left: twips(14) },
        children: [new TextRun({ font: FONTS.pageNumber, size: half(SIZES.pageNumber), children: ["— ", PageNumber.CURRENT, " —"] })],
      }),
    ],
  });
}

/** Build the docx Document object (exposed for tests that inspect it). */
export function docxDocument(doc: ReportDocument, options: DocxOptions = {}): Document {
  const children: Array<Paragraph | Table> = [
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
  let breakNext = false;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        children.push(heading(b, breakNext));
        breakNext = false;
        break;
      case "paragraph":
        children.push(paragraph(b.text, b.align === "center"));
        break;
      case "table":
        children.push(...table(b));
        break;
      case "chart":
        if (options.charts !== false) children.push(...chart(b));
        break;
      case "pageBreak":
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
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips, as Word writes it
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(23 * MM),
              header: Math.round(15 * MM),
            },
          },
        },
        footers: { default: pageNumberFooter("right"), even: pageNumberFooter("left") },
        children,
      },
    ],
  });
}

/** The report as a .docx file. */
export async function renderDocx(doc: ReportDocument, options: DocxOptions = {}): Promise<Uint8Array> {
  // toArrayBuffer, not toBuffer: no Node Buffer, so this runs in a browser too.
  return new Uint8Array(await Packer.toArrayBuffer(docxDocument(doc, options)));
}
