/**
 * Recognised tables → the evaluation model (as file input: what a person would write in the
 * YAML), with where every part came from, and the problems found in cells. The importers
 * reject rows with problems (or the whole file); the auditor reports them and goes on.
 */
import { type Bilingual, dec, impliedDirection, isDecimalText, parseTarget, sum } from "@jixiao/engine";
import { type FoundTable, type HeaderCell, type Role, cellFor } from "./recognise.js";
import type { CellLocation } from "./rows.js";
import { type ExchangeKey, xmsg } from "./messages.js";

export type Path = ReadonlyArray<string | number>;

/** Where a part of the model came from: the table and the row. */
export interface Origin {
  table: string;
  /** 1-based data row within the table (the header is row 0). */
  tableRow: number;
  at: CellLocation;
}

export interface CellProblem {
  code: ExchangeKey;
  at: CellLocation;
  table: string;
  tableRow: number;
  message: Bilingual;
}

/** A table-level finding that is not about the evaluation model (a count table's sum). */
export interface TableFinding {
  code: ExchangeKey;
  severity: "error" | "warning" | "info";
  origin: Origin;
  message: Bilingual;
}

export interface Built {
  /** The evaluation as file input (plain values). */
  input: Record<string, unknown> & { indicators: Array<Record<string, unknown>> };
  origins: Array<{ path: Path; origin: Origin }>;
  problems: CellProblem[];
  findings: TableFinding[];
  /** Which tables were read, by kind, in order. */
  read: Array<{ title: string; kind: FoundTable["kind"]; rows: number; at: CellLocation }>;
  /** Data rows that were not used, with the reason (never silently dropped). */
  rejected: Array<{ table: string; tableRow: number; at: CellLocation; cells: string[]; reason: Bilingual }>;
}

const TOTAL = /^(合\s*计|总\s*计|总\s*分|合计得分|总得分|综合得分|年度.{0,4}资金总额|资金总额|资金合计)/;
const SUBTOTAL = /小\s*计/;
const NO_REASON = new Set(["", "0", "-", "—", "/", "无", "－"]);
const DASH = new Set(["-", "—", "－", "–", "/", "——"]);

/** Full-width digits, point, comma, percent and signs (１２．５％) as ASCII, as forms often type them. */
export function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0e\uff0c\uff05\uff0b\uff0d]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** A number as printed ("38,148.63", "10分", "195.5万元", "１０") → decimal text; undefined when blank or a dash. */
export function readNumber(text: string): { ok: true; value?: string } | { ok: false } {
  const t = halfWidth(text)
    .replace(/\s+/g, "")
    .replace(/(万元|元|分|人|个|件|人次)$/, "");
  if (t === "" || DASH.has(t)) return { ok: true };
  const body = t.replace(/[,，]/g, "");
  if (!isDecimalText(body)) return { ok: false };
  return { ok: true, value: dec(body).toFixed() };
}

/**
 * A bare figure under a 成本指标 heading is a ceiling even where its own name does not say so
 * ("设备购置 50"): the engine reads direction from the indicator's name and the target's unit
 * (impliedDirection), so only this case — where the heading knows more than the name — is
 * written down; everything the engine infers itself is left to it (and said in its explanation).
 */
function costCategory(trail: readonly string[], leaf: Record<string, unknown>): boolean {
  const target = leaf["target"];
  if (typeof target !== "string" || !trail.slice(0, -1).some((n) => /成本/.test(n))) return false;
  const t = parseTarget(target);
  return t.implicit && impliedDirection(t, String(leaf["name"] ?? "")) === "正向";
}

/**
 * The exported sheet's 比较 column says how a bare target was compared (export-xlsx.ts writes
 * the effective operator). Only where that differs from what the engine infers from the name
 * and unit is the direction stated, so the workbook reads back to the same scores.
 */
function statedDirection(node: Record<string, unknown>, op: string): "正向" | "反向" | undefined {
  const target = node["target"];
  if (typeof target !== "string" || !/^[≥>≤<]$/.test(op)) return undefined;
  const t = parseTarget(target);
  if (!t.implicit) return undefined;
  const implied = impliedDirection(t, String(node["name"] ?? ""));
  const written = op === "≤" || op === "<" ? "反向" : "正向";
  return written === implied ? undefined : written;
}

/** "A履职效能" → id A, name 履职效能; "1.2 预算编制" → id 1.2. */
function splitId(name: string): { id?: string; name: string } {
  const m = /^([A-Z]|[A-Z]?\d+(?:\.\d+)*)[、.．\s]*(\p{Script=Han}.*)$/u.exec(name);
  if (m && !/^指标\d/.test(name)) return { id: m[1], name: m[2]!.trim() };
  return { name };
}

interface Ctx {
  strict: boolean;
  built: Built;
}

function problem(
  ctx: Ctx,
  t: FoundTable,
  tableRow: number,
  at: CellLocation,
  code: ExchangeKey,
  params: Record<string, string | number>,
): void {
  ctx.built.problems.push({ code, at, table: t.title, tableRow, message: xmsg(code, params) });
}

type Row = FoundTable["rows"][number];

function col(t: FoundTable, role: Role): HeaderCell | undefined {
  return t.header.columns.find((c) => c.role === role);
}

function get(t: FoundTable, row: Row, role: Role): { text: string; at?: CellLocation } {
  const c = col(t, role);
  if (!c) return { text: "" };
  const { text, index } = cellFor(row, c, t.header.width);
  return { text, at: row.at[index] ?? row.at[0] };
}

/** A cell with its line breaks (sheets keep them; other sources give the cleaned text). */
function multiline(t: FoundTable, row: Row, role: Role): string[] {
  const c = col(t, role);
  if (!c) return [];
  const text = row.lines && row.grid ? (row.lines[c.index] ?? "") : cellFor(row, c, t.header.width).text;
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A numeric cell, with a problem recorded when it holds something else. */
function numberCell(ctx: Ctx, t: FoundTable, row: Row, tableRow: number, role: Role, what: string): { value?: string; bad: boolean } {
  const cell = get(t, row, role);
  // A report's own 未评分 / 部分合计 … (reports/src/unscored.ts): no score printed, not a bad cell.
  if (role === "score" && /^(未评分|部分合计)/.test(cell.text.trim())) return { bad: false };
  const r = readNumber(cell.text);
  if (r.ok) return { value: r.value, bad: false };
  problem(ctx, t, tableRow, cell.at ?? row.at[0]!, "cell/number", { what, found: cell.text, header: col(t, role)?.text ?? what });
  return { bad: true };
}

function firstText(row: Row): string {
  return row.cells.find((c) => c.trim() !== "") ?? "";
}

// ── indicator scores (评分表, 自评表, 一级指标得分表) ─────────────────────────────────────

interface TreeNode {
  node: Record<string, unknown>;
  children: TreeNode[];
  origin: Origin;
  /** A printed subtotal row for this group. */
  subtotal?: { score?: string; weight?: string; origin: Origin };
}

/** Points for the whole table given in its caption: 年度绩效目标1(80分). */
function captionPoints(t: FoundTable): string | undefined {
  for (const b of [...t.before].reverse()) {
    const m = /[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]/.exec(b);
    if (m) return m[1];
  }
  return undefined;
}

const LEVELS: Role[] = ["level1", "level2", "level3", "level4"];

function readScores(
  ctx: Ctx,
  t: FoundTable,
): { roots: TreeNode[]; totals?: { weight?: string; score?: string; rate?: string; origin: Origin }; hasWeights: boolean } {
  const levelCols = LEVELS.map((r) => col(t, r)).filter((c): c is HeaderCell => c !== undefined);
  const nameCols = levelCols.length > 0 ? levelCols : [col(t, "name") ?? col(t, "id")!];
  const hasWeights = col(t, "weight") !== undefined;
  const roots: TreeNode[] = [];
  const carry: string[] = [];
  let totals: { weight?: string; score?: string; rate?: string; origin: Origin } | undefined;
  const stack: TreeNode[] = [];
  const subtotalRows: Array<{ row: Row; tableRow: number; level: number }> = [];
  t.rows.forEach((row, i) => {
    const tableRow = i + 1;
    const origin: Origin = { table: t.title, tableRow, at: row.at[0]! };
    const lead = firstText(row).replace(/\s+/g, "");
    if (TOTAL.test(lead)) {
      const weight = numberCell(ctx, t, row, tableRow, "weight", "分值");
      const score = numberCell(ctx, t, row, tableRow, "score", "得分");
      totals = { weight: weight.value, score: score.value, rate: get(t, row, "rate").text || undefined, origin };
      return;
    }
    if (SUBTOTAL.test(lead)) {
      subtotalRows.push({ row, tableRow, level: Math.max(1, stack.length - 1) });
      const group = stack[0];
      const weight = numberCell(ctx, t, row, tableRow, "weight", "分值");
      const score = numberCell(ctx, t, row, tableRow, "score", "得分");
      if (group) group.subtotal = { score: score.value, weight: weight.value, origin };
      return;
    }
    // Names by level, carried down where a merged cell left them blank.
    const names = nameCols.map((c) => cellFor(row, c, t.header.width).text);
    let deepest = -1;
    names.forEach((n, k) => {
      if (n) deepest = k;
    });
    if (deepest < 0) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/no-name", {}) });
      return;
    }
    for (let k = 0; k < names.length; k++) {
      if (names[k]) carry[k] = names[k]!;
      else if (k < deepest) names[k] = carry[k] ?? "";
    }
    carry.length = deepest + 1;
    const trail = names.slice(0, deepest + 1);
    // Find or create the ancestors.
    let siblings = roots;
    stack.length = 0;
    for (let k = 0; k < trail.length - 1; k++) {
      const nm = trail[k]!;
      let parent = siblings.find((s) => s.node["name"] === nm && s.children.length >= 0 && s.node["__group"] === true);
      if (!parent) {
        const split = splitId(nm);
        parent = { node: { ...(split.id ? { id: split.id } : {}), name: split.name, __group: true, __match: nm }, children: [], origin };
        siblings.push(parent);
      }
      stack.push(parent);
      siblings = parent.children;
    }
    const split = splitId(trail[trail.length - 1]!);
    const idCell = levelCols.length > 0 ? get(t, row, "id").text : "";
    const leafId = idCell || split.id;
    const leaf: Record<string, unknown> = { ...(leafId ? { id: leafId } : {}), name: split.name };
    let bad = false;
    const weight = numberCell(ctx, t, row, tableRow, "weight", "分值");
    bad ||= weight.bad;
    if (weight.value !== undefined) leaf["weight"] = weight.value;
    else if (ctx.strict && hasWeights && !weight.bad) {
      problem(ctx, t, tableRow, get(t, row, "weight").at ?? row.at[0]!, "cell/required", {
        what: `“${col(t, "weight")?.text ?? "分值"}”（分值，应为数字）`,
      });
      bad = true;
    }
    const criteria = get(t, row, "criteria").text;
    if (criteria) leaf["criteria"] = criteria;
    // The adjusted target (调整指标值) when one is printed; an operator in its own column
    // (指标性质 "≧") in front of the figure, as the form reads.
    const adjusted = get(t, row, "adjustedTarget").text.trim();
    const target = adjusted && !DASH.has(adjusted) ? adjusted : get(t, row, "target").text;
    const op = get(t, row, "nature").text.trim();
    if (target && !DASH.has(target)) leaf["target"] = OPERATOR_CELL.test(op) ? `${op}${target.trim()}` : target;
    // As written ("100%", "5,230人", "285.5万元", "达成预期指标"): the engine reads it against the
    // target, converting units exactly; stripping a unit here would lose it ("5200元" vs ≤0.5万元).
    const actualText = get(t, row, "actual").text.trim();
    if (actualText && !DASH.has(actualText)) leaf["actual"] = actualText;
    const score = numberCell(ctx, t, row, tableRow, "score", "得分");
    bad ||= score.bad;
    if (score.value !== undefined) leaf["score"] = score.value;
    const rate = get(t, row, "rate").text;
    const reason = get(t, row, "reason").text;
    if (!NO_REASON.has(reason.trim())) leaf["reason"] = reason;
    const unit = get(t, row, "unit").text;
    if (unit) leaf["unit"] = unit;
    const direction = get(t, row, "direction").text;
    if (direction === "正向" || direction === "反向") leaf["direction"] = direction;
    else if (costCategory(trail, leaf)) leaf["direction"] = "反向";
    const na = get(t, row, "notApplicable").text;
    if (/^(是|不适用|√|✓)$/.test(na)) leaf["notApplicable"] = true;
    if (score.value !== undefined || rate) {
      leaf["stated"] = {
        ...(score.value !== undefined ? { score: get(t, row, "score").text } : {}),
        ...(rate && !DASH.has(rate) ? { rate } : {}),
      };
    }
    if (bad && ctx.strict) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/bad-cells", {}) });
      return;
    }
    siblings.push({ node: leaf, children: [], origin });
  });
  // No 分值 column, but sections print their points ("产出指标(50分)"): a section is checked as
  // a whole — its points against the sum of its indicators' printed scores — and no indicator is
  // given points the form does not print (never a weight of 0).
  if (!hasWeights) collapseSections(ctx, t, roots);
  if (!hasWeights) {
    const leaves: TreeNode[] = [];
    const walk = (n: TreeNode): void => {
      if (n.children.length === 0) leaves.push(n);
      n.children.forEach(walk);
    };
    roots.forEach(walk);
    const points = captionPoints(t);
    // The caption's points shared equally only where the printed scores say so (every
    // indicator scored alike, adding up to the points: 黄石's eight indicators at 10); else the
    // table is one section with those points, scored as the sum of its indicators' scores.
    const scores = leaves.map((l) => l.node["score"]);
    const alike =
      scores.every((x) => typeof x === "string") &&
      new Set(scores.map((x) => dec(x as string).toFixed())).size === 1 &&
      sum(scores.map((x) => dec(x as string))).equals(dec(points ?? "0"));
    if (points && leaves.length > 0 && !alike && scores.every((x) => typeof x === "string")) {
      const section: TreeNode = {
        node: {
          name: t.title.replace(SECTION_POINTS, "") || "年度绩效目标",
          weight: points,
          score: sum(scores.map((x) => dec(x as string))).toFixed(),
          rule: { type: "direct" },
          reason: `表列 ${leaves.length} 个指标得分合计（表中未列各指标分值）`,
        },
        children: [],
        origin: { table: t.title, tableRow: 0, at: t.headerAt },
      };
      roots.splice(0, roots.length, section);
      ctx.built.findings.push({
        code: "table/section-points",
        severity: "info",
        origin: section.origin,
        message: xmsg("table/section-points", { name: String(section.node["name"]), points, n: leaves.length }),
      });
    } else if (points && leaves.length > 0) {
      const share = dec(points).dividedBy(leaves.length);
      if (share.decimalPlaces() <= 2) {
        for (const l of leaves) l.node["weight"] = share.toFixed();
        ctx.built.findings.push({
          code: "table/weights-inferred",
          severity: "info",
          origin: { table: t.title, tableRow: 0, at: t.headerAt },
          message: xmsg("table/weights-inferred", { points, n: leaves.length, share: share.toFixed() }),
        });
      }
    }
  }
  // Parents' weights: the sum of their children's (where every child has one).
  const fill = (n: TreeNode): string | undefined => {
    if (n.children.length === 0) return n.node["weight"] as string | undefined;
    const ws = n.children.map(fill);
    const w = ws.every((x) => x !== undefined) ? sum(ws.map((x) => dec(x!))).toFixed() : undefined;
    if (w !== undefined) n.node["weight"] = w;
    if (n.subtotal?.score !== undefined) n.node["stated"] = { score: n.subtotal.score };
    return w;
  };
  roots.forEach(fill);
  // A subtotal row counted in the printed total is kept as a row of its own: the checks then
  // report it (tree/subtotal-counted). Otherwise it is the group's printed score.
  if (totals?.score !== undefined && subtotalRows.length > 0) {
    const leafScores = (ns: TreeNode[]): string[] =>
      ns.flatMap((n) => (n.children.length === 0 ? [String(n.node["score"] ?? "0")] : leafScores(n.children)));
    const plainSum = sum(leafScores(roots).map((s) => dec(s)));
    const subs = subtotalRows.map((s) => readNumber(get(t, s.row, "score").text)).map((r) => (r.ok && r.value ? dec(r.value) : dec(0)));
    const withSubs = plainSum.plus(sum(subs));
    if (withSubs.toFixed(2) === dec(totals.score).toFixed(2) && plainSum.toFixed(2) !== dec(totals.score).toFixed(2)) {
      subtotalRows.forEach((s) => {
        const w = readNumber(get(t, s.row, "weight").text);
        const sc = readNumber(get(t, s.row, "score").text);
        const node: Record<string, unknown> = {
          name: firstText(s.row).replace(/\s+/g, ""),
          ...(w.ok && w.value ? { weight: w.value } : {}),
          ...(sc.ok && sc.value ? { score: sc.value } : {}),
        };
        const origin: Origin = { table: t.title, tableRow: s.tableRow, at: s.row.at[0]! };
        // Flat tables: the subtotal is a sibling of the rows it adds up; in a tree, of its group's children.
        const group = roots.find((r) => r.subtotal?.origin.tableRow === s.tableRow);
        if (group && group.children.length > 0) {
          group.children.push({ node, children: [], origin });
          delete group.node["stated"];
          delete group.subtotal;
          group.node["weight"] = sum(group.children.map((c) => dec(String(c.node["weight"] ?? "0")))).toFixed();
        } else {
          const at = roots.findIndex((r) => r.origin.tableRow > s.tableRow);
          roots.splice(at < 0 ? roots.length : at, 0, { node, children: [], origin });
        }
      });
    }
  }
  return { roots, totals, hasWeights };
}

/** A cell that is only a comparison operator (指标性质 "≧", "═", "<="). */
const OPERATOR_CELL = /^(≥|≧|>=|＞＝|>|＞|≤|≦|<=|＜＝|<|＜|=|＝|═|﹦)$/;

const SECTION_POINTS = /\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]\s*$/;

function collapseSections(ctx: Ctx, t: FoundTable, roots: TreeNode[]): void {
  const leavesOf = (n: TreeNode): TreeNode[] => (n.children.length === 0 ? [n] : n.children.flatMap(leavesOf));
  const visit = (n: TreeNode): void => {
    const name = String(n.node["name"] ?? "");
    const m = n.children.length > 0 ? SECTION_POINTS.exec(name) : null;
    if (!m) {
      n.children.forEach(visit);
      return;
    }
    const leaves = leavesOf(n);
    const scores = leaves.map((l) => l.node["score"]).filter((x): x is string => typeof x === "string");
    n.node["name"] = name.replace(SECTION_POINTS, "");
    n.node["weight"] = m[1];
    if (scores.length === leaves.length) {
      n.node["score"] = sum(scores.map((x) => dec(x))).toFixed();
      n.node["rule"] = { type: "direct" };
      n.node["reason"] = `表列 ${leaves.length} 个指标得分合计（表中未列各指标分值）`;
      n.children = [];
      delete n.node["__group"];
      ctx.built.findings.push({
        code: "table/section-points",
        severity: "info",
        origin: { table: t.title, tableRow: n.origin.tableRow, at: n.origin.at },
        message: xmsg("table/section-points", { name: String(n.node["name"]), points: m[1]!, n: leaves.length }),
      });
    }
  };
  roots.forEach(visit);
}

/**
 * Jixiao's own export (export-xlsx.ts): one row per node, the level given by the column its
 * name is in, the rule by 评分方法 and its parameters in 参数1–3, deductions in 扣分. Reading it
 * back gives the evaluation it was exported from (scores are recomputed, not copied), so a
 * reviewer's changes in Excel come back as data.
 */
function readExportedScores(
  ctx: Ctx,
  t: FoundTable,
): {
  roots: TreeNode[];
  totals?: { weight?: string; score?: string; rate?: string; origin: Origin };
  grade?: { text: string; origin: Origin };
} {
  const levelCols = LEVELS.map((r) => col(t, r)).filter((c): c is HeaderCell => c !== undefined);
  const roots: TreeNode[] = [];
  const stack: TreeNode[] = [];
  let totals: { weight?: string; score?: string; rate?: string; origin: Origin } | undefined;
  let grade: { text: string; origin: Origin } | undefined;
  const num = (row: Row, role: Role): string | undefined => {
    const r = readNumber(get(t, row, role).text);
    return r.ok ? r.value : undefined;
  };
  t.rows.forEach((row, i) => {
    const tableRow = i + 1;
    const origin: Origin = { table: t.title, tableRow, at: row.at[0]! };
    const names = levelCols.map((c) => cellFor(row, c, t.header.width).text);
    const level = names.findIndex((n) => n !== "");
    const lead = (names[level] ?? firstText(row)).replace(/\s+/g, "");
    if (TOTAL.test(lead)) {
      totals = { weight: num(row, "weight"), score: num(row, "score"), rate: get(t, row, "rate").text || undefined, origin };
      return;
    }
    if (/^百分制得分/.test(lead)) return;
    if (/^绩效等级/.test(lead)) {
      const g = get(t, row, "score").text;
      // 未评级: the sheet had indicators unscored (export-xlsx.ts) — no grade to state.
      if (g && g !== "未评级") grade = { text: g, origin };
      return;
    }
    if (level < 0) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/no-name", {}) });
      return;
    }
    // Levels deeper than the columns: "›› 名称" in the last level column (export-xlsx.ts).
    const depth = level + 1 + (names[level]!.match(/^›+/)?.[0].length ?? 0);
    const node = exportedNode(t, row, names[level]!.replace(/^›+\s*/, ""), num);
    const tn: TreeNode = { node, children: [], origin };
    stack.length = Math.min(stack.length, depth - 1);
    const parent = stack[depth - 2];
    if (depth > 1 && parent) parent.children.push(tn);
    else roots.push(tn);
    stack[depth - 1] = tn;
  });
  // Groups: scores given at a group stay (直接赋分). An id that is only the row's position
  // ("1.2", what the export prints for a node without one) is not written into the file.
  const fix = (n: TreeNode, position: string): void => {
    if (n.node["id"] === position) delete n.node["id"];
    delete n.node["__group"];
    n.children.forEach((c, i) => fix(c, `${position}.${i + 1}`));
  };
  roots.forEach((n, i) => fix(n, String(i + 1)));
  return { roots, totals, grade };
}

/**
 * One row of Jixiao's 评分表 (export-xlsx.ts, also the template) as the indicator it was
 * written from: every column is data — the rule from 评分方法 (a rule marked （推定） was inferred
 * by the engine and is not written), its parameters, 评分明细 (checklist items, expert scores,
 * levels, expression), 扣分 with 扣分明细, 不适用 with its reason, 计算公式 with 公式输入,
 * 评分标准, 指标解释, 佐证材料.
 */
function exportedNode(t: FoundTable, row: Row, name: string, num: (row: Row, role: Role) => string | undefined): Record<string, unknown> {
  const text = (role: Role): string => get(t, row, role).text.trim();
  const method = text("method");
  const inferred = method.endsWith("（推定）");
  const node: Record<string, unknown> = { name };
  const id = text("id");
  if (id) node["id"] = id;
  const weight = num(row, "weight");
  if (weight !== undefined) node["weight"] = weight;
  const target = text("target");
  if (target) node["target"] = target;
  const unit = text("unit");
  if (unit) node["unit"] = unit;
  const direction = text("direction");
  if (direction === "正向" || direction === "反向") node["direction"] = direction;
  // As written: a figure in the target's unit (export-xlsx.ts), or a text the engine reads.
  const actual = text("actual");
  if (actual) node["actual"] = actual;
  const reason = text("reason");
  if (reason) node["reason"] = reason;
  if (/^(是|不适用|√|✓)$/.test(text("notApplicable"))) node["notApplicable"] = true;
  const naReason = text("notApplicableReason");
  if (naReason) node["notApplicableReason"] = naReason;
  const formula = text("formula");
  if (formula) node["formula"] = formula;
  const inputs: Record<string, string> = {};
  for (const l of multiline(t, row, "inputs")) {
    const m = /^([^=＝]+)[=＝]\s*(.+)$/.exec(l);
    const v = m ? readNumber(m[2]!) : undefined;
    if (m && v?.ok && v.value !== undefined) inputs[m[1]!.trim()] = v.value;
  }
  if (Object.keys(inputs).length > 0) node["inputs"] = inputs;
  for (const [role, field] of [
    ["criteria", "criteria"],
    ["description", "description"],
  ] as const) {
    const v = get(t, row, role).text;
    if (v.trim()) node[field] = v;
  }
  const evidence = multiline(t, row, "evidence");
  if (evidence.length > 0) node["evidence"] = evidence;
  // Without a 方向 column (an older export), the 比较 column says how a bare target was compared.
  if (!col(t, "direction")) {
    const stated = statedDirection(node, text("op"));
    if (stated) node["direction"] = stated;
  }
  const [p1, p2, p3, d] = [num(row, "p1"), num(row, "p2"), num(row, "p3"), num(row, "deductions")];
  const partial = /不足一步按一步/.test(method)
    ? "ceil"
    : /不足一步不计/.test(method)
      ? "floor"
      : /不足一步按比例/.test(method)
        ? "exact"
        : undefined;
  // 扣分明细 when it adds up to 扣分; else 扣分 as one deduction (edited in the sheet).
  const items = multiline(t, row, "deductionItems").map((l) => /^扣\s*(\d+(?:\.\d+)?)\s*分\s*[：:]\s*(.*)$/.exec(l));
  const listed = items.every((m) => m !== null) ? items.map((m) => ({ reason: m![2]!.trim() || "扣分", points: m![1]! })) : undefined;
  const listedSum = listed && listed.length > 0 ? sum(listed.map((x) => dec(x.points))) : undefined;
  if (listed && listedSum && (d === undefined || listedSum.equals(dec(d)))) node["deductions"] = listed;
  else if (d !== undefined && !dec(d).isZero()) node["deductions"] = [{ reason: reason || "扣分", points: d }];
  const details = multiline(t, row, "details");
  let rule: Record<string, unknown> | undefined;
  if (/^下级合计/.test(method)) node["__group"] = true;
  else if (/^直接赋分/.test(method)) {
    // "引擎按定性档次计分": the engine scored a word against a figure; it does so again.
    if (p1 !== undefined && !/引擎按定性档次计分/.test(method)) node["score"] = p1;
    if (/下级合计见下/.test(method)) node["__group"] = true;
    else if (!/引擎按定性档次计分/.test(method)) rule = { type: "direct" };
  } else if (/^扣分制/.test(method)) rule = { type: "deduction" };
  else if (/^比例法/.test(method)) rule = { type: "proportional" };
  else if (/^阶梯扣分/.test(method) && p1 !== undefined && p3 !== undefined) {
    rule = {
      type: "step",
      threshold: p1,
      step: p2 ?? "1",
      deduct: p3,
      when: /低于扣分/.test(method) ? "below" : "above",
      ...(partial ? { partial } : {}),
    };
  } else if (/^区间法/.test(method)) {
    rule =
      p1 !== undefined
        ? { type: "interval", deductionPerStep: p1, step: p2 ?? "1", ...(partial ? { partial } : {}) }
        : { type: "interval" };
  } else if (/^定性分档/.test(method)) {
    const levels: Record<string, string> = {};
    for (const l of details) {
      const m = /^(.+?)\s*[：:]\s*(\d+(?:\.\d+)?)$/.exec(l);
      if (m) levels[m[1]!] = m[2]!;
    }
    rule = { type: "qualitative", ...(Object.keys(levels).length > 0 ? { levels } : {}) };
  } else if (/^清单/.test(method)) {
    const checklist = details.map((l) => /^([✓✗○√×])\s*(.+?)（\s*(\d+(?:\.\d+)?)\s*分）(?:[：:]\s*(.*))?$/.exec(l));
    if (checklist.every((m) => m !== null))
      rule = {
        type: "checklist",
        mode: /未达标项扣分/.test(method) ? "deduct" : "award",
        items: checklist.map((m) => ({
          name: m![2]!,
          points: m![3]!,
          ...(m![1] === "✓" || m![1] === "√" ? { met: true } : m![1] === "✗" || m![1] === "×" ? { met: false } : {}),
          ...(m![4] ? { note: m![4] } : {}),
        })),
      };
  } else if (/^专家打分/.test(method)) {
    const trim = /各(\d+)个/.exec(method)?.[1];
    rule = {
      type: "expert",
      ...(trim ? { method: "trimmedMean", trim: Number(trim) } : {}),
      scores: details
        .map((l) => /^(.+?)\s*[：:]\s*(\d+(?:\.\d+)?)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ expert: m[1]!, score: m[2]! })),
    };
  } else if (/^自定义公式/.test(method) && details.length > 0) rule = { type: "formula", expression: details.join("\n") };
  if (rule && !inferred) node["rule"] = rule;
  return node;
}

function toIndicator(n: TreeNode, path: Path, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n.node)) if (!k.startsWith("__")) out[k] = v;
  ctx.built.origins.push({ path, origin: n.origin });
  if (n.subtotal) ctx.built.origins.push({ path: [...path, "stated", "score"], origin: n.subtotal.origin });
  if (n.children.length > 0) out["children"] = n.children.map((c, i) => toIndicator(c, [...path, "children", i], ctx));
  return out;
}

// ── goals (年度绩效目标表) ────────────────────────────────────────────────────────────────

function readGoals(ctx: Ctx, t: FoundTable): Array<Record<string, unknown>> {
  const levelCols = LEVELS.map((r) => col(t, r)).filter((c): c is HeaderCell => c !== undefined);
  const roots: Array<Record<string, unknown> & { children?: Array<Record<string, unknown>> }> = [];
  const carry: string[] = [];
  for (const [i, row] of t.rows.entries()) {
    const names = levelCols.map((c) => cellFor(row, c, t.header.width).text);
    let deepest = -1;
    names.forEach((n, k) => {
      if (n) deepest = k;
    });
    if (deepest < 0) {
      ctx.built.rejected.push({ table: t.title, tableRow: i + 1, at: row.at[0]!, cells: row.cells, reason: xmsg("row/no-name", {}) });
      continue;
    }
    for (let k = 0; k < deepest; k++) names[k] = names[k] || carry[k] || "";
    names.forEach((n, k) => {
      if (n) carry[k] = n;
    });
    let siblings = roots;
    for (let k = 0; k < deepest; k++) {
      let p = siblings.find((s) => s["name"] === names[k]);
      if (!p) {
        p = { name: names[k]!, children: [] };
        siblings.push(p);
      }
      siblings = (p.children ??= []) as typeof roots;
    }
    const target = get(t, row, "target").text;
    siblings.push({ name: names[deepest]!, ...(target && !DASH.has(target) ? { target } : {}) });
  }
  return roots;
}

// ── staffing (人员情况表) ────────────────────────────────────────────────────────────────

const UNIT_TYPES = new Set(["行政", "参公", "公益一类", "公益二类", "公益三类", "企业", "其他"]);

function readStaff(ctx: Ctx, t: FoundTable, units: Array<Record<string, unknown>>, stated: Record<string, unknown>, base: number): void {
  t.rows.forEach((row, i) => {
    const tableRow = i + 1;
    const origin: Origin = { table: t.title, tableRow, at: row.at[0]! };
    const name = get(t, row, "name").text || firstText(row);
    const quota = numberCell(ctx, t, row, tableRow, "quota", "编制人数");
    const inPost = numberCell(ctx, t, row, tableRow, "inPost", "实有在职人数");
    const intOf = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
    for (const [v, what, role] of [
      [quota.value, "编制人数", "quota"],
      [inPost.value, "实有在职人数", "inPost"],
    ] as const) {
      if (v !== undefined && intOf(v) === undefined)
        problem(ctx, t, tableRow, get(t, row, role).at ?? row.at[0]!, "cell/count", { what, found: v });
    }
    if (TOTAL.test(name.replace(/\s+/g, ""))) {
      if (quota.value !== undefined) stated["quota"] = get(t, row, "quota").text;
      if (inPost.value !== undefined) stated["inPost"] = get(t, row, "inPost").text;
      ctx.built.origins.push({ path: ["organisation", "stated"], origin });
      return;
    }
    if (!name) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/no-name", {}) });
      return;
    }
    if (ctx.strict && (quota.bad || inPost.bad)) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/bad-cells", {}) });
      return;
    }
    const type = get(t, row, "unitType").text;
    const unit: Record<string, unknown> = { id: `u${base + units.length + 1}`, name, type: UNIT_TYPES.has(type) ? type : "其他" };
    if (intOf(quota.value) !== undefined) unit["quota"] = intOf(quota.value);
    if (intOf(inPost.value) !== undefined) unit["inPost"] = intOf(inPost.value);
    const st: Record<string, string> = {};
    const vacancy = get(t, row, "vacancy").text;
    const vacancyRate = get(t, row, "vacancyRate").text;
    if (vacancy) st["vacancy"] = vacancy;
    if (vacancyRate) st["vacancyRate"] = vacancyRate;
    if (Object.keys(st).length > 0) unit["stated"] = st;
    ctx.built.origins.push({ path: ["organisation", "units", units.length], origin });
    units.push(unit);
  });
}

// ── funds (资金情况表, 预算执行情况) ─────────────────────────────────────────────────────

/** An amount printed in 元 as 万元 text with the same precision ("100,000" → "10.0000"). */
function yuanAsWan(printed: string): string {
  const r = readNumber(printed);
  if (!r.ok || r.value === undefined) return printed;
  const places = dec(r.value).decimalPlaces() + 4;
  return dec(r.value).dividedBy(10000).toFixed(places);
}

function readFunds(
  ctx: Ctx,
  t: FoundTable,
  funds: { lines: Array<Record<string, unknown>>; stated: Record<string, string> },
  indicators: TreeNode[],
): void {
  const unit = t.header.columns.find((c) => c.moneyUnit)?.moneyUnit ?? (t.before.some((b) => /单位\s*[:：]\s*元/.test(b)) ? "元" : "万元");
  let totalRow: { row: Row; tableRow: number } | undefined;
  const exported = col(t, "subtotalFlag") !== undefined;
  const lines: Array<{ line: Record<string, unknown>; row: Row; tableRow: number }> = [];
  t.rows.forEach((row, i) => {
    const tableRow = i + 1;
    const name = (get(t, row, "fundName").text || get(t, row, "name").text || firstText(row)).replace(/^其中\s*[:：]?\s*/, "");
    const lead = name.replace(/\s+/g, "");
    const amounts: Record<string, string> = {};
    let bad = false;
    for (const [role, field, what] of [
      ["initialBudget", "initialBudget", "年初预算数"],
      ["adjustedBudget", "adjustedBudget", "调整后预算数"],
      ["spent", "actual", "实际支出"],
      ["carryover", "carryover", "结转结余"],
    ] as const) {
      const r = numberCell(ctx, t, row, tableRow, role, what);
      bad ||= r.bad;
      if (r.value !== undefined) amounts[field] = r.value;
    }
    if (TOTAL.test(lead) && !SUBTOTAL.test(lead)) {
      totalRow = { row, tableRow };
      return;
    }
    if (ctx.strict && bad) {
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/bad-cells", {}) });
      return;
    }
    if (Object.keys(amounts).length === 0 && !bad) {
      // A line printed without any amount (其他资金 | | | …) is no fund line: listed, not used.
      ctx.built.rejected.push({ table: t.title, tableRow, at: row.at[0]!, cells: row.cells, reason: xmsg("row/no-amounts", {}) });
      return;
    }
    const line: Record<string, unknown> = { name: name || `资金${tableRow}`, ...amounts };
    if (unit === "元") line["unit"] = "元";
    const src = get(t, row, "source").text;
    if (src) line["source"] = src;
    const rate = get(t, row, "executionRate").text;
    // Jixiao's own 资金情况 (its 小计行 column): the rates are its formulas, not printed figures.
    if (rate && !DASH.has(rate) && !exported) line["stated"] = { executionRate: rate };
    if (exported ? get(t, row, "subtotalFlag").text === "是" : SUBTOTAL.test(lead)) line[exported ? "subtotal" : "__subtotal"] = true;
    lines.push({ line, row, tableRow });
  });
  const at0 = funds.lines.length;
  if (exported) {
    // Its 合计 is a formula; the total the report printed, if any, is in the note below.
    const printed = t.after.map((a) => /报告所载总额[：:]\s*(\S+)/.exec(a)?.[1]).find(Boolean);
    if (printed) funds.stated["total"] = printed;
    if (printed) ctx.built.origins.push({ path: ["funds", "stated"], origin: { table: t.title, tableRow: 0, at: t.headerAt } });
    totalRow = undefined;
  }
  if (totalRow) {
    const tr = totalRow;
    const origin: Origin = { table: t.title, tableRow: tr.tableRow, at: tr.row.at[0]! };
    const spent = readNumber(get(t, tr.row, "spent").text);
    const budget = readNumber(get(t, tr.row, "adjustedBudget").text || get(t, tr.row, "initialBudget").text);
    const rate = get(t, tr.row, "executionRate").text;
    if (lines.length === 0) {
      // Only the total: it is the one line (年度资金总额), with its printed execution rate.
      const line: Record<string, unknown> = { name: firstText(tr.row) };
      for (const [role, field] of [
        ["initialBudget", "initialBudget"],
        ["adjustedBudget", "adjustedBudget"],
        ["spent", "actual"],
        ["carryover", "carryover"],
      ] as const) {
        const r = readNumber(get(t, tr.row, role).text);
        if (r.ok && r.value !== undefined) line[field] = r.value;
      }
      if (unit === "元") line["unit"] = "元";
      lines.push({ line, row: tr.row, tableRow: tr.tableRow });
    } else {
      const printed = get(
        t,
        tr.row,
        spent.ok && spent.value !== undefined && lines.every((l) => l.line["actual"] !== undefined) ? "spent" : "adjustedBudget",
      ).text;
      // The lines of a table in 元 are kept in 元 and the funds in 万元: the printed total too,
      // at its printed precision (100,000 元 → 10.0000 万元).
      if (printed) funds.stated["total"] = unit === "元" ? yuanAsWan(printed) : printed;
    }
    if (rate && !DASH.has(rate)) funds.stated["executionRate"] = rate;
    ctx.built.origins.push({ path: ["funds", "stated"], origin });
    // The budget-execution line's points (分值 column or 预算执行情况(20分)) count towards 总分.
    const weightCell = readNumber(get(t, tr.row, "weight").text);
    const points = (weightCell.ok ? weightCell.value : undefined) ?? t.header.columns.find((c) => c.points)?.points;
    const scoreCell = readNumber(get(t, tr.row, "score").text);
    if (
      points !== undefined &&
      scoreCell.ok &&
      scoreCell.value !== undefined &&
      spent.ok &&
      spent.value !== undefined &&
      budget.ok &&
      budget.value !== undefined &&
      !dec(budget.value).isZero()
    ) {
      const actual = dec(spent.value).dividedBy(dec(budget.value)).times(100);
      const formula = t.header.columns.find((c) => c.role === "score")?.formula;
      const node: Record<string, unknown> = {
        name: "预算执行率",
        weight: points,
        target: "100%",
        actual: actual.toDecimalPlaces(10).toFixed(),
        stated: { score: get(t, tr.row, "score").text },
      };
      const proRata = actual.dividedBy(100).times(dec(points)).toDecimalPlaces(2);
      if (!formula) {
        // The form does not say how it scored budget execution: take its score as given, and
        // say when it differs from the usual 分值 × 执行率.
        node["score"] = scoreCell.value;
        node["reason"] = "按表列得分";
        if (proRata.toFixed(2) !== dec(scoreCell.value).toFixed(2)) {
          ctx.built.findings.push({
            code: "table/budget-score-rule",
            severity: "warning",
            origin,
            message: xmsg("table/budget-score-rule", {
              found: scoreCell.value,
              expected: proRata.toFixed(2),
              points,
              rate: actual.toFixed(2),
            }),
          });
        }
      }
      indicators.unshift({ node, children: [], origin });
    }
  }
  lines.forEach((l, i) => {
    const line = { ...l.line };
    if (line["__subtotal"]) {
      delete line["__subtotal"];
      // A 小计 line counted in the printed total stays counted (the checks report it).
      const total = funds.stated["total"];
      const others = lines
        .filter((o) => o !== l && !o.line["__subtotal"])
        .map((o) => String(o.line["actual"] ?? o.line["adjustedBudget"] ?? "0"));
      const printed = total !== undefined ? readNumber(total) : undefined;
      const linesSum = sum([...others, String(line["actual"] ?? "0")].map((x) => dec(x)));
      const counted =
        printed !== undefined && printed.ok && printed.value !== undefined && dec(printed.value).toFixed(2) === linesSum.toFixed(2);
      if (!counted) line["subtotal"] = true;
    }
    ctx.built.origins.push({ path: ["funds", "lines", at0 + i], origin: { table: t.title, tableRow: l.tableRow, at: l.row.at[0]! } });
    funds.lines.push(line);
  });
  funds.stated["__unit"] = unit;
}

// ── grade bands (等级区间: 等级 | 下限 | 上限 | 含上限) ───────────────────────────────────

function readBands(ctx: Ctx, t: FoundTable): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  t.rows.forEach((row, i) => {
    const grade = get(t, row, "bandGrade").text;
    const min = numberCell(ctx, t, row, i + 1, "bandMin", "下限");
    const max = numberCell(ctx, t, row, i + 1, col(t, "bandMax") ? "bandMax" : "upper", "上限");
    if (!grade || min.value === undefined || max.value === undefined) {
      ctx.built.rejected.push({ table: t.title, tableRow: i + 1, at: row.at[0]!, cells: row.cells, reason: xmsg("row/bad-cells", {}) });
      return;
    }
    ctx.built.origins.push({ path: ["scheme", "bands", out.length], origin: { table: t.title, tableRow: i + 1, at: row.at[0]! } });
    // The export prints a band's English label beside its grade (under the merged 等级区间).
    const g = col(t, "bandGrade")!;
    const label = row.grid && col(t, "bandMin")?.index !== g.index + 1 ? (row.cells[g.index + 1] ?? "") : "";
    out.push({
      grade,
      min: min.value,
      max: max.value,
      ...(get(t, row, "bandInclusive").text === "是" ? { maxInclusive: true } : {}),
      ...(label && !/^\d/.test(label) ? { label_en: label } : {}),
    });
  });
  return out;
}

// ── counts (人员情况: 类别 / 人数 with a 合计) ───────────────────────────────────────────

function readCounts(ctx: Ctx, t: FoundTable): void {
  let total: { value: string; tableRow: number; at: CellLocation; text: string } | undefined;
  const parts: string[] = [];
  t.rows.forEach((row, i) => {
    const name = get(t, row, "name").text || firstText(row);
    const n = readNumber(get(t, row, "count").text);
    if (!n.ok || n.value === undefined) {
      ctx.built.rejected.push({ table: t.title, tableRow: i + 1, at: row.at[0]!, cells: row.cells, reason: xmsg("row/bad-cells", {}) });
      return;
    }
    if (TOTAL.test(name.replace(/\s+/g, ""))) total = { value: n.value, tableRow: i + 1, at: row.at[0]!, text: name };
    else parts.push(n.value);
  });
  if (!total) return;
  const s = sum(parts.map((p) => dec(p)));
  const origin: Origin = { table: t.title, tableRow: total.tableRow, at: total.at };
  if (!s.equals(dec(total.value)))
    ctx.built.findings.push({
      code: "table/column-sum",
      severity: "error",
      origin,
      message: xmsg("table/column-sum", { name: total.text, found: total.value, expected: s.toFixed() }),
    });
  else
    ctx.built.findings.push({
      code: "table/column-sum-ok",
      severity: "info",
      origin,
      message: xmsg("table/column-sum-ok", { name: total.text, found: total.value, n: parts.length }),
    });
}

// ── sums stated in the narrative ("…38,148.63万元，其中部门决算6,561.92万元，…") ────────────

export interface NarrativeSum {
  total: string;
  unit: "万元" | "人";
  parts: Array<{ name: string; value: string }>;
  at: CellLocation;
  text: string;
}

const AMOUNT = String.raw`(\d[\d,]*(?:\.\d+)?)\s*(万元|人)`;
const SUM_HEAD = new RegExp(`${AMOUNT}\\s*[，,]\\s*其中\\s*[:：]?`, "g");
const SUM_PART = new RegExp(`^\\s*([^，,、。；;:：\\d]{2,30}?)(?:为|是)?\\s*${AMOUNT}\\s*(?:[，,、。；;]|$)`);

/** Totals with their parts in the text: "X万元，其中A a万元，B b万元" and "X人，其中A a人，B b人". */
export function narrativeSums(text: Array<{ text: string; at: CellLocation }>): NarrativeSum[] {
  const out: NarrativeSum[] = [];
  for (const line of text) {
    SUM_HEAD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SUM_HEAD.exec(line.text))) {
      const unit = m[2] as "万元" | "人";
      let rest = line.text.slice(m.index + m[0].length);
      const parts: NarrativeSum["parts"] = [];
      for (let p = SUM_PART.exec(rest); p && p[3] === unit; p = SUM_PART.exec(rest)) {
        parts.push({ name: p[1]!.trim(), value: p[2]!.replace(/,/g, "") });
        rest = rest.slice(p[0].length);
      }
      if (parts.length >= 2) out.push({ total: m[1]!, unit, parts, at: line.at, text: line.text });
    }
  }
  return out;
}

// ── the whole document ───────────────────────────────────────────────────────────────────

export interface BuildOptions {
  /** Reject rows with unreadable cells (importers) instead of keeping what can be read. */
  strict?: boolean;
  /** Read totals and grades from the narrative (the auditor; default true). */
  narrative?: boolean;
  /** Metadata to use where the document gives none. */
  meta?: Partial<{ title: string; subject: string; fiscalYear: number; kind: string; evaluationType: string }>;
}

const GRADE = /(?:绩效评级|评价等级|绩效等级|评价结果|评级|等级)(?:为|是|[:：])?\s*[“"「『]?(优|良|中|差)[”"」』]?/;
const TOTAL_TEXT = /(?:综合得分|综合评分|总得分|评价得分|自评得分|总分)(?:为|是|[:：])?\s*(\d+(?:\.\d+)?)\s*分/;

/** Build the evaluation model from the tables and text of one document. */
export function buildEvaluation(
  tables: FoundTable[],
  text: Array<{ text: string; at: CellLocation }>,
  options: BuildOptions = {},
  loose: Array<{ cells: string[]; at: CellLocation[] }> = [],
): Built {
  const built: Built = { input: { indicators: [] }, origins: [], problems: [], findings: [], read: [], rejected: [] };
  const ctx: Ctx = { strict: options.strict === true, built };
  const indicatorRoots: TreeNode[] = [];
  const units: Array<Record<string, unknown>> = [];
  const orgStated: Record<string, unknown> = {};
  const funds = { lines: [] as Array<Record<string, unknown>>, stated: {} as Record<string, string> };
  let goals: Array<Record<string, unknown>> | undefined;
  let totals: { weight?: string; score?: string; rate?: string; origin: Origin } | undefined;
  let scoreTables = 0;
  const budgetLines: TreeNode[] = [];
  const scoreResults: Array<ReturnType<typeof readScores>> = [];
  let exportedGrade: { text: string; origin: Origin } | undefined;
  const bands: Array<Record<string, unknown>> = [];
  tables.forEach((t) => {
    built.read.push({ title: t.title, kind: t.kind, rows: t.rows.length, at: t.headerAt });
    if (t.kind === "scores" && col(t, "method") && col(t, "p1")) {
      const r = readExportedScores(ctx, t);
      scoreResults.push({ roots: r.roots, totals: r.totals, hasWeights: true });
      if (r.grade) exportedGrade = r.grade;
      scoreTables++;
    } else if (t.kind === "scores") {
      scoreResults.push(readScores(ctx, t));
      scoreTables++;
    } else if (t.kind === "goals") goals = [...(goals ?? []), ...readGoals(ctx, t)];
    else if (t.kind === "staff") readStaff(ctx, t, units, orgStated, 0);
    else if (t.kind === "funds") readFunds(ctx, t, funds, budgetLines);
    else if (t.kind === "bands") bands.push(...readBands(ctx, t));
    else readCounts(ctx, t);
  });
  // A report often prints the detailed 评分表 and then 一级指标得分表: the level-1 table's
  // rows are the printed scores of the tree's roots, its totals the conclusion.
  const trees = scoreResults.filter((r) => r.roots.some((n) => n.children.length > 0));
  const flats = scoreResults.filter((r) => !trees.includes(r));
  for (const r of trees) {
    indicatorRoots.push(...r.roots);
    if (r.totals) totals = r.totals;
  }
  for (const flat of flats) {
    const unmatched: TreeNode[] = [];
    for (const row of flat.roots) {
      const match =
        trees.length > 0
          ? indicatorRoots.find(
              (n) => n.node["name"] === row.node["name"] || (row.node["id"] !== undefined && n.node["id"] === row.node["id"]),
            )
          : undefined;
      if (!match) {
        unmatched.push(row);
        continue;
      }
      const st = row.node["stated"] as Record<string, string> | undefined;
      if (st) match.subtotal = { score: st["score"], origin: row.origin };
      const rate = st?.["rate"];
      if (rate) match.node["stated"] = { ...(match.node["stated"] as object | undefined), rate };
      if (row.node["weight"] !== undefined && match.node["weight"] === undefined) match.node["weight"] = row.node["weight"];
    }
    indicatorRoots.push(...unmatched);
    if (flat.totals) totals = flat.totals;
  }
  for (const n of indicatorRoots)
    if (n.subtotal?.score !== undefined) n.node["stated"] = { ...(n.node["stated"] as object | undefined), score: n.subtotal.score };
  // The budget-execution line counts only with a score table it belongs to.
  if (scoreTables > 0) indicatorRoots.unshift(...budgetLines);
  built.input.indicators = indicatorRoots.map((n, i) => toIndicator(n, ["indicators", i], ctx));
  const firstScores = tables.find((t) => t.kind === "scores");
  if (firstScores)
    built.origins.push({ path: ["indicators"], origin: { table: firstScores.title, tableRow: 0, at: firstScores.headerAt } });

  const allText = text.map((x) => x.text);
  const joined = allText.join("\n");
  const titled = allText.find((l) => l.length <= 80 && /(报告|自评表|评价表|评分表|绩效评价)(\s*[(（].*[)）])?$/.test(l));
  const evaluatedYear = /((?:19|20)\d{2})\s*年度?\s*(?:部门整体支出|机关整体支出|整体支出|项目支出)/.exec(joined)?.[1];
  const year =
    options.meta?.fiscalYear ??
    Number(/((?:19|20)\d{2})\s*年/.exec(titled ?? "")?.[1] ?? evaluatedYear ?? /((?:19|20)\d{2})\s*年/.exec(joined)?.[1] ?? NaN);
  // Key–value rows above the tables: 项目名称 | …, 单位名称 | …, 实施单位 | ….
  const keyed = (re: RegExp): string | undefined => {
    for (const r of loose) {
      for (let k = 0; k + 1 < r.cells.length; k++) if (re.test(r.cells[k]!.replace(/\s+/g, "")) && r.cells[k + 1]) return r.cells[k + 1];
    }
    return undefined;
  };
  const named = /对\s*([\p{Script=Han}（）()]{2,40}?)\s*(?:(?:19|20)\d{2}\s*年度?)\s*(?:部门整体支出|机关整体支出|整体支出|项目支出)/u.exec(
    joined,
  )?.[1];
  const subject =
    options.meta?.subject ??
    keyed(/^(单位名称|实施单位|评价对象|部门名称|预算单位)$/) ??
    named ??
    subjectOf(titled ?? allText[0] ?? "未命名");
  const project = keyed(/^项目名称$/);
  const kindText = `${titled ?? ""}\n${joined.slice(0, 2000)}`;
  const kind =
    options.meta?.kind ?? (/部门整体|机关整体|整体支出/.test(kindText) ? "部门整体支出" : /政策/.test(titled ?? "") ? "政策" : "项目支出");
  // A report without a title line (the seed opens with its first paragraph): name it as reports do.
  const title =
    options.meta?.title ??
    titled ??
    (named && evaluatedYear ? `${named}${evaluatedYear}年度${kind}绩效评价报告` : allText[0] ? firstSentence(allText[0]) : "未命名评价");
  const evaluationType =
    options.meta?.evaluationType ?? (/自评/.test(titled ?? "") ? "单位自评" : allText.some((l) => /委托/.test(l)) ? "第三方" : "部门评价");
  const input = built.input;
  input["schemaVersion"] = 1;
  input["meta"] = {
    title,
    kind,
    fiscalYear: Number.isFinite(year) ? year : 2000,
    subject,
    evaluationType,
    ...(project && !title.includes(project) ? { note: `项目名称：${project}` } : {}),
  };
  if (!Number.isFinite(year))
    built.findings.push({
      code: "doc/no-year",
      severity: "info",
      origin: { table: "", tableRow: 0, at: text[0]?.at ?? { kind: "text", row: 1 } },
      message: xmsg("doc/no-year", {}),
    });
  if (units.length > 0) input["organisation"] = { units, ...(Object.keys(orgStated).length > 0 ? { stated: orgStated } : {}) };
  // Sums in the narrative: an amount with its parts becomes the funds (when no funds table gives
  // them); a head count with its parts is checked as a table's 合计 would be.
  for (const ns of options.narrative === false ? [] : narrativeSums(text)) {
    const origin: Origin = { table: "正文", tableRow: 0, at: ns.at };
    if (ns.unit === "万元" && funds.lines.length === 0) {
      ns.parts.forEach((p, i) => {
        built.origins.push({ path: ["funds", "lines", i], origin });
        funds.lines.push({ name: p.name, actual: p.value });
      });
      funds.stated["total"] = ns.total;
      built.origins.push({ path: ["funds", "stated"], origin });
    } else if (ns.unit === "人") {
      const s = sum(ns.parts.map((p) => dec(p.value)));
      const name = `${ns.total}人`;
      if (s.equals(dec(ns.total.replace(/,/g, ""))))
        built.findings.push({
          code: "table/column-sum-ok",
          severity: "info",
          origin,
          message: xmsg("table/column-sum-ok", { name, found: ns.total, n: ns.parts.length }),
        });
      else
        built.findings.push({
          code: "table/column-sum",
          severity: "error",
          origin,
          message: xmsg("table/column-sum", { name, found: ns.total, expected: s.toFixed() }),
        });
    }
  }
  if (funds.lines.length > 0) {
    const unit = funds.stated["__unit"] ?? "万元";
    delete funds.stated["__unit"];
    input["funds"] = {
      unit: unit === "元" ? "万元" : unit,
      lines: funds.lines,
      ...(Object.keys(funds.stated).length > 0 ? { stated: funds.stated } : {}),
    };
  }
  if (goals && goals.length > 0) input["goals"] = { table: goals };
  if (bands.length > 0) input["scheme"] = { bands };

  // The conclusion: the totals row of the score table, else the narrative.
  const stated: Record<string, string> = {};
  const gradeLine = text.find((x) => GRADE.test(x.text));
  const totalLine = text.find((x) => TOTAL_TEXT.test(x.text));
  if (totals) {
    // A totals row under the budget line plus the indicator table prints the grand total.
    if (totals.score !== undefined) stated["total"] = totals.score;
    if (totals.weight !== undefined) stated["weight"] = totals.weight;
    if (totals.rate && !DASH.has(totals.rate)) stated["rate"] = totals.rate;
    built.origins.push({ path: ["stated"], origin: totals.origin });
  } else if (totalLine && indicatorRoots.length > 0) {
    stated["total"] = TOTAL_TEXT.exec(totalLine.text)![1]!;
    built.origins.push({ path: ["stated"], origin: { table: "正文", tableRow: 0, at: totalLine.at } });
  }
  if (exportedGrade) {
    stated["grade"] = exportedGrade.text;
    built.origins.push({ path: ["stated", "grade"], origin: exportedGrade.origin });
  } else if (gradeLine && indicatorRoots.length > 0) {
    stated["grade"] = GRADE.exec(gradeLine.text)![1]!;
    built.origins.push({ path: ["stated", "grade"], origin: { table: "正文", tableRow: 0, at: gradeLine.at } });
  }
  if (indicatorRoots.length === 0 && totalLine) {
    built.findings.push({
      code: "doc/total-unverifiable",
      severity: "info",
      origin: { table: "正文", tableRow: 0, at: totalLine.at },
      message: xmsg("doc/total-unverifiable", { found: TOTAL_TEXT.exec(totalLine.text)![1]! }),
    });
  }
  if (Object.keys(stated).length > 0) input["stated"] = stated;
  // The file's usual order: schemaVersion, meta, organisation, funds, goals, indicators, stated.
  const ordered: Built["input"] = { indicators: [] };
  delete (ordered as Record<string, unknown>)["indicators"];
  for (const k of ["schemaVersion", "meta", "organisation", "funds", "goals", "scheme", "indicators", "stated"])
    if (input[k] !== undefined) (ordered as Record<string, unknown>)[k] = input[k];
  built.input = ordered;
  return built;
}

function firstSentence(line: string): string {
  const s = line.split(/[。；;]/)[0] ?? line;
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function subjectOf(title: string): string {
  const m =
    /^(?:\d{4}年度?)?(.+?)(?:\d{4}年度?)?(?:部门整体支出|机关整体支出|项目支出|整体支出)?(?:绩效)?(?:自评表|评价报告|评价表|自评报告|报告)/.exec(
      title,
    );
  return (m?.[1] ?? title).trim() || title;
}
