/**
 * The firm's own Word template: a .docx with its letterhead, styles and placeholders —
 * `{{meta.title}}`, `{{total}}`, `{{grade}}`, loops `{{#indicators}}…{{/indicators}}`,
 * `{{#level1}}`, `{{#findings}}`, `{{#recommendations}}` — filled from the evaluation
 * (docxtemplater over pizzip; pure, so it runs in a browser too). Every narrative placeholder
 * works here as well (`{{funds.total}}`, `{{outcomes.new-urban-jobs.actual|grouped}}`), printed
 * exactly as the built-in report prints it. A placeholder that points at nothing, or a tag the
 * template does not close, is an error naming the placeholder and where it is (part and paragraph);
 * nothing is written.
 */
import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import {
  type Bilingual,
  type Decimal,
  type Evaluation,
  type NodeResult,
  type ScoreResult,
  HUNDRED,
  describeTarget,
  fixed,
  plain,
  scoreEvaluation,
} from "@jixiao/engine";
import { buildReport } from "./build.js";
import { PlaceholderScope, fill, formatValue, parsePath } from "./placeholders.js";
import { type Lang, type Phrasebook, analysisParagraph, evidenceSentences, findingText, leafSentence, phrasebook } from "./sentences.js";
import { actualText, nodeNotFinal, partialText } from "./unscored.js";
import { dateText, nestedTitle } from "./work.js";

export interface WordTemplateOptions {
  scored?: ScoreResult;
  lang?: Lang;
  phrases?: Partial<Phrasebook>;
}

export interface WordTemplateProblem {
  /** The placeholder as written: "{{meta.titel}}". */
  placeholder: string;
  /** Where: "word/document.xml 第3段（“报告标题：{{meta.titel}}”）". */
  where: string;
  reason: Bilingual;
}

/** The template cannot be filled: every placeholder that points at nothing, with where it is. */
export class WordTemplateError extends Error {
  constructor(readonly problems: WordTemplateProblem[]) {
    super(problems.map((p) => `${p.where}: ${p.placeholder}: ${p.reason.en}`).join("\n"));
    this.name = "WordTemplateError";
  }

  text(lang: Lang): string {
    return this.problems
      .map((p) =>
        lang === "zh"
          ? `Word 模板 ${p.where}：占位符 ${p.placeholder} 无法填写：${p.reason.zh}`
          : `Word template ${p.where}: placeholder ${p.placeholder} cannot be filled: ${p.reason.en}`,
      )
      .join("\n");
  }
}

const score2 = (d: Decimal | undefined) => (d === undefined ? "" : fixed(d, 2));

/** What the template's loops and simple placeholders read, every figure already printed. */
export function wordTemplateData(e: Evaluation, s: ScoreResult, book: Phrasebook): Record<string, unknown> {
  const m = e.meta;
  // Texts the user wrote hold placeholders too ("见{{table.staffing}}"): filled with the numbers
  // the built-in report gives its tables.
  const numbering = new Map<string, string>();
  for (const b of buildReport(e, { scored: s }).blocks)
    if (b.kind === "table" || b.kind === "chart") numbering.set(`${b.kind}:${b.key}`, b.label);
  const scope = new PlaceholderScope(e, s, numbering);
  const print = (path: string): string => {
    const r = scope.lookup(parsePath(path)!);
    if (!r.ok) return "";
    const t = formatValue(r.value, []);
    return typeof t === "string" ? t : "";
  };
  const indicator = (n: NodeResult) => {
    const open = nodeNotFinal(n);
    return {
      id: n.id,
      name: n.name,
      level: n.level,
      weight: plain(n.weight),
      target: n.node.target ? describeTarget(n.node.target, n.node.unit) : "",
      actual: actualText(n),
      score: n.notApplicable ? "不适用" : open ? (open.leaf || !open.partial ? "未评分" : partialText(open.partial)) : score2(n.score),
      rate: n.rate ? `${fixed(n.rate.times(HUNDRED), 2)}%` : "",
      reason: n.node.reason ?? "",
      explanation: n.explanation.zh,
      analysis: n.children.length > 0 || n.level <= 2 ? analysisParagraph(n, book) : leafSentence(n, book),
    };
  };
  const evidence = evidenceSentences(e, s, book);
  return {
    meta: {
      title: m.title,
      subject: m.subject,
      kind: m.kind,
      fiscalYear: String(m.fiscalYear),
      commissioner: m.commissioner ?? "",
      evaluator: m.evaluator ?? "",
      evaluationType: m.evaluationType,
      reportNo: m.reportNo ?? "",
      reportDate: m.dates?.report ? dateText(m.dates.report, book) : "",
      basis: (m.basis ?? []).map((b) => `《${nestedTitle(b.title)}》${b.docNo ? `（${b.docNo}）` : ""}`).join("、"),
    },
    total: print("total"),
    grade: print("grade"),
    rate: print("rate"),
    weight: print("weight"),
    indicators: s.all.map(indicator),
    level1: s.roots.map(indicator),
    findings: (e.findings ?? []).map((f, k) => ({
      id: f.id ?? "",
      title: f.title,
      text: fill(f.text && f.rules?.length ? findingText(f.text, evidence) : (f.text ?? ""), scope, `findings[${k}].text`),
    })),
    recommendations: (e.recommendations ?? []).map((r, k) => ({
      id: r.id ?? "",
      title: r.title,
      text: fill(r.text ?? "", scope, `recommendations[${k}].text`),
    })),
  };
}

/** The paragraphs of a part as text, to say where a placeholder is. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1] ?? "").join(""),
  );
}

function locate(zip: PizZip, placeholderBody: string, file?: string): string {
  const parts = file ? [file] : Object.keys(zip.files).filter((f) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(f));
  for (const part of parts) {
    const xml = zip.file(part)?.asText();
    if (!xml) continue;
    const paragraphs = paragraphsOf(xml);
    const k = paragraphs.findIndex((p) => p.includes(placeholderBody));
    if (k >= 0) {
      const text = paragraphs[k]!;
      return `${part} 第${k + 1}段（“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”）`;
    }
  }
  return file ?? "word/document.xml";
}

/**
 * Fill a firm's .docx template from the evaluation.
 * @throws WordTemplateError naming every placeholder that cannot be filled and where it is.
 * @example await renderWordTemplate(firmDocx, yangquan) // → the firm's letterhead, {{total}} → 85.73
 */
export function renderWordTemplate(template: Uint8Array, e: Evaluation, options: WordTemplateOptions = {}): Uint8Array {
  const s = options.scored ?? scoreEvaluation(e);
  const book = phrasebook(options.lang ?? "zh", options.phrases);
  const scope = new PlaceholderScope(e, s);
  const data = wordTemplateData(e, s, book);
  let zip: PizZip;
  try {
    zip = new PizZip(template);
  } catch {
    throw new WordTemplateError([
      { placeholder: "", where: "Word 模板", reason: { zh: "不是有效的 .docx 文件", en: "not a valid .docx file" } },
    ]);
  }
  const problems: WordTemplateProblem[] = [];
  const reasons = new Map<string, Bilingual>();
  const parser = (tag: string) => {
    const [pathText = "", ...mods] = tag.split("|").map((x) => x.trim());
    const segments = pathText === "." ? [] : (parsePath(pathText) ?? []);
    return {
      get(current: unknown): unknown {
        if (pathText === ".") return current;
        let v: unknown = current;
        for (const seg of segments) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
        if (v !== undefined) return v; // an empty field (no target) prints empty
        if (current !== data) return undefined; // let the enclosing scope answer
        // Every narrative placeholder: the same value, printed the same way as in the report.
        const r = scope.lookup(segments);
        if (!r.ok) {
          reasons.set(tag, r.reason);
          return undefined;
        }
        const text = formatValue(r.value, mods);
        if (typeof text !== "string") {
          reasons.set(tag, text.error);
          return undefined;
        }
        return text;
      },
    };
  };
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      delimiters: { start: "{{", end: "}}" },
      paragraphLoop: true,
      linebreaks: true,
      parser,
      nullGetter(part) {
        if (part.module) return "";
        const placeholder = `{{${part.value}}}`;
        problems.push({
          placeholder,
          where: locate(zip, part.value),
          reason: reasons.get(part.value) ?? {
            zh: "没有这个数据（可用：meta.*、total、grade、rate、weight、indicators、level1、findings、recommendations 及报告正文的占位符）",
            en: "no such data (known: meta.*, total, grade, rate, weight, indicators, level1, findings, recommendations and the narrative placeholders)",
          },
        });
        return "";
      },
    });
    doc.render(data);
  } catch (err) {
    throw new WordTemplateError(templateErrors(err, zip));
  }
  if (problems.length > 0) throw new WordTemplateError(problems);
  return doc.getZip().generate({ type: "uint8array", compression: "DEFLATE" });
}

/** docxtemplater's own errors (an unclosed tag, an unopened loop …) as problems naming the tag. */
function templateErrors(err: unknown, zip: PizZip): WordTemplateProblem[] {
  const e = err as { properties?: { errors?: Array<{ properties?: Record<string, unknown>; message?: string }> }; message?: string };
  const list = e.properties?.errors ?? [err as { properties?: Record<string, unknown>; message?: string }];
  return list.map((x) => {
    const p = x.properties ?? {};
    const tag = String(p["xtag"] ?? p["context"] ?? "");
    const explanation = String(p["explanation"] ?? x.message ?? "");
    return {
      placeholder: tag ? `{{${tag.replace(/^\{\{|\}\}$/g, "")}` + (p["id"] === "unclosed_tag" ? "" : "}}") : "",
      where: locate(zip, tag.replace(/^\{\{|\}\}$/g, ""), typeof p["file"] === "string" ? p["file"] : undefined),
      reason: { zh: templateReasonZh(String(p["id"] ?? ""), explanation), en: explanation },
    };
  });
}

function templateReasonZh(id: string, explanation: string): string {
  switch (id) {
    case "unclosed_tag":
      return "占位符没有闭合（缺少 }}）";
    case "unopened_tag":
      return "多出一个 }}（没有对应的 {{）";
    case "unclosed_loop":
      return "循环没有结束标记（缺少 {{/…}}）";
    case "unopened_loop":
      return "循环结束标记没有对应的开始（缺少 {{#…}}）";
    case "closing_tag_does_not_match_opening_tag":
      return "循环的开始和结束标记不一致";
    default:
      return explanation;
  }
}
