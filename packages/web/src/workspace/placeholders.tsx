/**
 * Narrative placeholders (`{{outcomes.new-urban-jobs.actual}}`, docs/reports.md) filled in the
 * browser by `@jixiao/reports/pure` — the code that writes the report — so a narrative, finding
 * or recommendation reads as the report will print it, and follows the typing. The raw text
 * stays editable; a placeholder that points at nothing shows the report's own message inline.
 *
 * `@jixiao/reports/pure` is loaded on demand (its own chunk, ≈185 kB with the .docx writer it
 * brings): the first text with a placeholder asks for it; nothing else in the workspace waits.
 */
import type * as Reports from "@jixiao/reports/pure";
import type { PlaceholderScope } from "@jixiao/reports/pure";
import { type Bilingual, validateEvaluation } from "@jixiao/engine";
import { Button, Typography } from "antd";
import { useMemo, useState } from "react";
import { useI18n } from "../i18n.js";
import { useWorkspace } from "./context.js";
import { type Json, type Path, getAt } from "./document.js";
import { Field, type FieldProps } from "./field.js";

/** The browser-safe entry of @jixiao/reports. */
export type ReportsPure = typeof Reports;
let loading: Promise<ReportsPure> | undefined;

/** Load @jixiao/reports/pure once (a failed load is retried on the next call). */
export function loadReports(): Promise<ReportsPure> {
  loading ??= import("@jixiao/reports/pure").catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** One piece of a filled text: as written, a filled placeholder, or one that cannot be filled. */
export type Part =
  | { kind: "text"; text: string }
  | { kind: "value"; placeholder: string; text: string }
  | { kind: "error"; placeholder: string; reason: Bilingual };

// The report's own syntax (placeholders.ts): `\{{` is a literal "{{", `{{…}}` a placeholder.
const TOKEN = /\\\{\{|\{\{[^{}]*\}\}/g;

/** Does `text` hold a placeholder (or an escaped "{{")? */
export const hasPlaceholders = (text: string): boolean => text.includes("{{");

/**
 * `text` cut into parts, each placeholder filled on its own with the report's `fill`, so every
 * one that cannot be filled is shown (the report stops at the first).
 * @example fillParts("{{total}}分", scope, "findings[0].text") → [{ kind: "value", placeholder: "{{total}}", text: "85.73" }, { kind: "text", text: "分" }]
 */
export function fillParts(reports: ReportsPure, text: string, scope: PlaceholderScope, where: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  const literal = (s: string) => {
    if (s === "") return;
    const last = parts[parts.length - 1];
    if (last?.kind === "text") last.text += s;
    else parts.push({ kind: "text", text: s });
  };
  for (const m of text.matchAll(TOKEN)) {
    literal(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[0] === "\\{{") {
      literal("{{");
      continue;
    }
    try {
      parts.push({ kind: "value", placeholder: m[0], text: reports.fill(m[0], scope, where) });
    } catch (err) {
      if (!(err instanceof reports.PlaceholderError)) throw err;
      parts.push({ kind: "error", placeholder: m[0], reason: err.reason });
    }
  }
  literal(text.slice(at));
  return parts;
}

/** A copy of an input document with every placeholder escaped (for numbering only). */
function escaped(v: Json): Json {
  if (typeof v === "string") return v.includes("{{") ? v.replace(/\\?\{\{/g, "\\{{") : v;
  if (Array.isArray(v)) return v.map(escaped);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escaped(x)]));
  return v;
}

/**
 * The numbers the default report gives its tables and charts ("table:staffing" → "表3"), for
 * `{{table.staffing}}`. They depend on which tables exist and where the template places them,
 * never on the texts, so the report is built once with the texts' placeholders escaped (≈2 ms
 * on Yangquan): a text in error cannot hide the numbers from the others.
 */
export function reportNumbering(reports: ReportsPure, draft: Json): Map<string, string> {
  const v = validateEvaluation(escaped(draft));
  if (!v.ok) return new Map();
  try {
    const doc = reports.buildReport(v.evaluation);
    return new Map(doc.blocks.flatMap((b) => (b.kind === "table" || b.kind === "chart" ? [[`${b.kind}:${b.key}`, b.label] as const] : [])));
  } catch {
    // A template heading that cannot be filled: the table numbers are unknown, and the
    // placeholders that need them say so.
    return new Map();
  }
}

/** The filled text: values marked (their placeholder on hover), errors inline in the current language. */
export function FilledText({ parts, label }: { parts: Part[]; label: string }) {
  const { t, pick } = useI18n();
  return (
    <div className="jx-filled" role="group" aria-label={`${label}（${t("filledPreview")}）`} data-testid="filled-text">
      {parts.map((p, i) =>
        p.kind === "text" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "value" ? (
          <span key={i} className="jx-ph" title={p.placeholder}>
            {p.text}
          </span>
        ) : (
          <Typography.Text key={i} type="danger" className="jx-ph-error" data-testid="placeholder-error">
            {p.placeholder}（{t("placeholderCannotFill")}：{pick(p.reason)}）
          </Typography.Text>
        ),
      )}
    </div>
  );
}

/** What fills placeholders: the loaded module and the scope of the current draft. */
export interface Filler {
  reports: ReportsPure;
  scope: PlaceholderScope;
}

/**
 * A text of the document that may hold placeholders: the raw text in its input (editable for
 * those who may), and the filled text as the report prints it. Read-only users see the filled
 * text, the raw one on request.
 */
export function PlaceholderField(props: Omit<FieldProps, "path"> & { path: Path }) {
  const { draft, mayEdit, placeholders } = useWorkspace();
  const { t } = useI18n();
  const [showRaw, setShowRaw] = useState(false);
  const raw = getAt(draft, props.path);
  const text = typeof raw === "string" ? raw : "";
  const filler = hasPlaceholders(text) ? placeholders() : null;
  const where = props.path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
  const parts = useMemo(() => (filler ? fillParts(filler.reports, text, filler.scope, where) : null), [filler, text, where]);
  const editable = mayEdit(props.path);
  const preview = parts ? <FilledText parts={parts} label={props.label} /> : null;
  // The input keeps its place among the children whatever the text holds (no remount, no lost focus).
  return (
    <div>
      {!editable && preview}
      {(editable || showRaw || !parts) && <Field {...props} />}
      {editable && preview}
      {!editable && parts && (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setShowRaw((s) => !s)}>
          {showRaw ? t("hideRaw") : t("showRaw")}
        </Button>
      )}
    </div>
  );
}
