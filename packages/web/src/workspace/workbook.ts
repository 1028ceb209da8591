/**
 * Replacing an evaluation by a filled workbook (工作簿替换): the workbook carries the 评分表, the
 * staffing and funds tables, the goals and the basic information — not the report's text, the
 * findings, the figures printed by a source document (`stated`), ids or categories. So the workbook
 * is laid over the document: what it carries replaces, what it does not carry stays, and a figure
 * it gives as text ("30") where the document holds the same number (30) is no change. Pure (no
 * React), so it is tested in Node.
 */
import { type JsonPath, describePath, valueText } from "@jixiao/api";
import type { Bilingual } from "@jixiao/engine";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The same figure written two ways: a number and a decimal string ("30" and 30), or a rate with
 * and without its percent sign ("100%" and "100": the workbook keeps the unit in the cell's format).
 */
function sameFigure(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const num = (v: unknown): { n: number; percent: boolean } | undefined => {
    if (typeof v === "number") return { n: v, percent: false };
    const m = typeof v === "string" ? /^(-?\d+(?:\.\d+)?)(%?)$/.exec(v.trim()) : null;
    return m ? { n: Number(m[1]), percent: m[2] === "%" } : undefined;
  };
  const x = num(a);
  const y = num(b);
  if (!x || !y || x.n !== y.n) return false;
  return typeof a === "number" || typeof b === "number" || x.percent !== y.percent;
}

/** Figures a source document printed (`stated`): the workbook's formulas are not a source, so never laid over. */
const KEPT = new Set(["stated"]);

/** An element of `current` the imported element stands for: the same id, else the same place. */
function counterpart(current: unknown[], item: unknown, index: number): unknown {
  if (isObj(item) && typeof item["id"] === "string") {
    const byId = current.find((c) => isObj(c) && c["id"] === item["id"]);
    if (byId !== undefined) return byId;
  }
  const at = current[index];
  // A list whose elements carry ids matches by id only: a row added in the workbook is new.
  return isObj(at) && typeof at["id"] === "string" && isObj(item) && typeof item["id"] === "string" ? undefined : at;
}

/** `imported` laid over `current`: objects key by key (absent keys kept), lists element by element. */
export function overlay(current: unknown, imported: unknown): unknown {
  if (imported === undefined) return current;
  if (sameFigure(current, imported)) return current;
  if (isObj(current) && isObj(imported)) {
    const out: Obj = { ...current };
    for (const [k, v] of Object.entries(imported)) if (!KEPT.has(k)) out[k] = overlay(current[k], v);
    return out;
  }
  if (Array.isArray(current) && Array.isArray(imported)) {
    const merged = imported.map((item, i) => overlay(counterpart(current, item, i), item));
    return merged.length === current.length && merged.every((m, i) => m === current[i]) ? current : merged;
  }
  return imported;
}

export interface WorkbookChange {
  type: "add" | "remove" | "change";
  path: JsonPath;
  /** Where, in words: "培训合格率 · 实际值". */
  label: Bilingual;
  oldText: string;
  newText: string;
}

/** What replacing `current` by `next` changes, in words (as the 历史 tab says it). */
export function documentChanges(current: unknown, next: unknown): WorkbookChange[] {
  const out: WorkbookChange[] = [];
  const walk = (a: unknown, b: unknown, path: Array<string | number>): void => {
    if (a === b || sameFigure(a, b)) return;
    if ((isObj(a) && isObj(b)) || (Array.isArray(a) && Array.isArray(b))) {
      const keys = new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)]);
      for (const k of keys) {
        const key = Array.isArray(a) ? Number(k) : k;
        walk((a as Obj)[k], (b as Obj)[k], [...path, key]);
      }
      return;
    }
    const type = a === undefined ? "add" : b === undefined ? "remove" : "change";
    out.push({
      type,
      path,
      label: describePath(type === "remove" ? current : next, path),
      oldText: a === undefined ? "" : valueText(a),
      newText: b === undefined ? "" : valueText(b),
    });
  };
  walk(current, next, []);
  return out;
}
