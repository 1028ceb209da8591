/**
 * Reading a document for the kernel without the schema's decimals: one walk over the data as
 * JSON.parse gave it (a line of JSON Lines, an API body) that collects the structural fields,
 * reads each actual value and deduction straight into a scaled integer (scaled.ts) and checks
 * every field it reads the way the schema would. No Decimal is built for a document whose
 * template is already compiled.
 *
 * Correctness first: the walk accepts only what it can vouch for — a document of schemaVersion,
 * meta, scheme and indicators whose nodes carry the fields listed in NODE_KEYS — and declines
 * (undefined) everything else, which then goes through EvaluationSchema and scoreFast. A shape
 * is compiled from the first document that has it, after EvaluationSchema has accepted that
 * document; later documents that take it have equal structural fields (compared one by one), so
 * the schema would accept those fields again, and the walk checks the rest itself.
 */
import { type CompiledTree, type FastScore, type KernelValues, compileTree, runKernel } from "./kernel.js";
import { EvaluationKind, EvaluationSchema, EvaluationType } from "./model.js";
import { scaledOfNumber, scaledOfText } from "./scaled.js";

const KINDS: ReadonlySet<string> = new Set(EvaluationKind.options);
const TYPES: ReadonlySet<string> = new Set(EvaluationType.options);
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Compiled shapes by the structural fields of the document they were compiled from: a bucket per
 * hash, each entry verified field by field (=== or deep equality), so a hash collision can only
 * cost a compile, never a wrong shape. Bounded.
 */
export class DocumentTreeCache {
  readonly #buckets = new Map<number, Array<{ tokens: unknown[]; tree: CompiledTree }>>();
  #size = 0;
  constructor(readonly limit = 256) {}
  lookup(hash: number, tokens: readonly unknown[]): CompiledTree | undefined {
    const bucket = this.#buckets.get(hash);
    if (bucket) for (const e of bucket) if (sameTokens(e.tokens, tokens)) return e.tree;
    return undefined;
  }
  store(hash: number, tokens: readonly unknown[], tree: CompiledTree): void {
    if (this.#size >= this.limit) {
      this.#buckets.clear();
      this.#size = 0;
    }
    const bucket = this.#buckets.get(hash) ?? [];
    bucket.push({ tokens: [...tokens], tree });
    this.#buckets.set(hash, bucket);
    this.#size++;
  }
  get size(): number {
    return this.#size;
  }
}

function sameTokens(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameJson(a[i], b[i])) return false;
  return true;
}

/** Deep equality of two JSON values (key order aside: the schema reads both alike). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** A cheap 32-bit hash of the structural fields (FNV-1a style); collisions are resolved by sameTokens. */
function hashOf(v: unknown, h: number): number {
  if (typeof v === "string") {
    for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
    return Math.imul(h ^ 0x1f, 16777619);
  }
  if (typeof v === "number") return Math.imul(Math.imul(h ^ (v | 0), 16777619) ^ ((v * 1e6) | 0), 16777619);
  if (typeof v === "boolean") return Math.imul(h ^ (v ? 0x3a : 0x3b), 16777619);
  if (Array.isArray(v)) {
    for (const x of v) h = hashOf(x, h);
    return Math.imul(h ^ 0x5d, 16777619);
  }
  if (typeof v === "object" && v !== null) {
    for (const k in v) h = hashOf((v as Record<string, unknown>)[k], hashOf(k, h));
    return Math.imul(h ^ 0x7d, 16777619);
  }
  return Math.imul(h ^ 0x11, 16777619);
}

const documentTrees = new DocumentTreeCache();

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): boolean => typeof v === "string" && v.length > 0;
const strings = (v: unknown, min: number): boolean => Array.isArray(v) && v.every((x) => typeof x === "string" && x.length >= min);

function metaOk(m: unknown): m is { title: string } {
  if (!isObject(m)) return false;
  for (const k in m) {
    const v = m[k];
    switch (k) {
      case "title":
      case "project":
        if (!text(v) || (v as string).length > 200) return false;
        break;
      case "kind":
        if (typeof v !== "string" || !KINDS.has(v)) return false;
        break;
      case "evaluationType":
        if (typeof v !== "string" || !TYPES.has(v)) return false;
        break;
      case "fiscalYear":
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1990 || v > 2100) return false;
        break;
      case "subject":
      case "commissioner":
      case "evaluator":
      case "reportNo":
        if (!text(v)) return false;
        break;
      case "note":
        if (typeof v !== "string") return false;
        break;
      default:
        return false;
    }
  }
  return (
    text(m["title"]) && m["kind"] !== undefined && m["fiscalYear"] !== undefined && text(m["subject"]) && m["evaluationType"] !== undefined
  );
}

/** A nonnegative decimal (number or text) as the schema reads it, scaled; NaN when the kernel cannot take it. */
function nonNegative(v: unknown): number {
  const s = typeof v === "number" ? scaledOfNumber(v) : typeof v === "string" ? scaledOfText(v) : NaN;
  return s < 0 ? NaN : s;
}

class Walk {
  /** The structural fields in order: name, value, …, with "{" and "}" around a node's children. */
  tokens: unknown[] = [];
  /** hashOf over the tokens, as they are pushed. */
  hash = 0x811c9dc5;
  actualKind: number[] = [];
  actualNum: number[] = [];
  actualText: Array<string | undefined> = [];
  deductions: number[] = [];
  score: number[] = [];

  /** One node and its children; false: decline the document. */
  node(n: unknown): boolean {
    if (!isObject(n)) return false;
    const k = this.actualKind.length;
    this.actualKind.push(0);
    this.actualNum.push(0);
    this.actualText.push(undefined);
    this.deductions.push(0);
    this.score.push(NaN);
    const tokens = this.tokens;
    tokens.push("{");
    this.hash = Math.imul(this.hash ^ 0x7b, 16777619);
    let children: unknown[] | undefined;
    const fields = Object.keys(n);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = n[f];
      switch (f) {
        case "id":
        case "name":
        case "weight":
        case "target":
        case "unit":
        case "direction":
        case "rule":
        case "notApplicable":
        case "evidenceMissing":
        case "aggregation":
        case "grade":
          tokens.push(f, v);
          // The field's name by its length and first letter (the tokens compare it whole).
          this.hash = hashOf(v, Math.imul(this.hash ^ ((f.length << 8) | f.charCodeAt(0)), 16777619));
          break;
        case "score": {
          tokens.push(f, v);
          this.hash = hashOf(v, Math.imul(this.hash ^ 0x5c, 16777619));
          this.score[k] = typeof v === "number" ? scaledOfNumber(v) : typeof v === "string" ? scaledOfText(v) : NaN;
          break;
        }
        case "children":
          if (!Array.isArray(v)) return false;
          children = v;
          break;
        case "actual":
          if (typeof v === "number") {
            const s = scaledOfNumber(v);
            if (Number.isNaN(s)) return false;
            this.actualKind[k] = 1;
            this.actualNum[k] = s;
          } else if (typeof v === "string" && v.length > 0) {
            const cleaned = v.indexOf(",") >= 0 || v.indexOf("，") >= 0 ? v.replace(/[,，]/g, "").trim() : v.trim();
            if (DECIMAL_TEXT.test(cleaned)) {
              const s = scaledOfText(cleaned);
              if (Number.isNaN(s)) return false;
              this.actualKind[k] = 1;
              this.actualNum[k] = s;
            } else {
              this.actualKind[k] = 2;
              this.actualText[k] = v.trim();
            }
          } else return false;
          break;
        case "deductions": {
          if (!Array.isArray(v)) return false;
          let d = 0;
          for (const x of v) {
            if (!isObject(x)) return false;
            let keys = 0;
            for (const dk in x) {
              keys++;
              if (dk !== "reason" && dk !== "points") return false;
            }
            if (keys !== 2 || !text(x["reason"])) return false;
            const p = nonNegative(x["points"]);
            if (Number.isNaN(p)) return false;
            d += p;
          }
          if (!(Math.abs(d) < 2 ** 52)) return false;
          this.deductions[k] = d;
          if (v.length > 0) tokens.push("#d");
          break;
        }
        case "reason":
        case "description":
        case "criteria":
        case "notApplicableReason":
          if (typeof v !== "string") return false;
          break;
        case "evidence":
          if (!strings(v, 0)) return false;
          break;
        case "assignedTo":
          if (!strings(v, 1)) return false;
          break;
        default:
          // formula, inputs, stated and anything unknown: the schema and the reference path.
          return false;
      }
    }
    // A leaf without rule, target or score takes its rule from its values (defaultRule): a worded actual.
    if (this.actualKind[k] === 2 && n["rule"] === undefined && n["target"] === undefined && n["score"] === undefined) tokens.push("#t");
    if (children)
      for (const c of children) {
        if (!this.node(c)) return false;
      }
    tokens.push("}");
    return true;
  }
}

/** A document read for the kernel: its title, its compiled tree and its values (see readDocument). */
export interface DocumentRead {
  title: string;
  tree: CompiledTree;
  values: KernelValues;
}

/**
 * Read a document given as data (JSON.parse's output) for the kernel without building decimals:
 * the compiled tree of its template (compiled from this document, through EvaluationSchema, the
 * first time) and its values; undefined when the kernel does not take it (see scoreDocument).
 */
export function readDocument(data: unknown, cache: DocumentTreeCache = documentTrees): DocumentRead | undefined {
  if (!isObject(data)) return undefined;
  for (const k in data) if (k !== "scheme" && k !== "schemaVersion" && k !== "meta" && k !== "indicators") return undefined;
  if (data["schemaVersion"] !== 1) return undefined;
  const meta = data["meta"];
  if (!metaOk(meta)) return undefined;
  const indicators = data["indicators"];
  if (!Array.isArray(indicators)) return undefined;
  const w = new Walk();
  w.tokens.push("scheme", data["scheme"]);
  if (data["scheme"] !== undefined) w.hash = hashOf(data["scheme"], w.hash);
  for (const n of indicators) if (!w.node(n)) return undefined;
  const hash = w.hash;
  let tree = cache.lookup(hash, w.tokens);
  if (tree === undefined) {
    const parsed = EvaluationSchema.safeParse(data);
    if (!parsed.success) return undefined;
    tree = compileTree(parsed.data);
    cache.store(hash, w.tokens, tree);
  }
  if (!tree.exact || tree.nodes.length !== w.actualKind.length) return undefined;
  const values: KernelValues = {
    actualKind: w.actualKind,
    actualNum: w.actualNum,
    actualText: w.actualText,
    deductions: w.deductions,
    score: w.score,
  };
  return { title: meta.title, tree, values };
}

/**
 * Score a document given as data (JSON.parse's output) with the compiled kernel, reading its
 * values without building decimals, or undefined when the kernel does not take it whole: a
 * document the walk does not vouch for, an invalid one, one whose shape or a leaf of which needs
 * the reference path. The caller then validates it (EvaluationSchema) and uses scoreFast.
 * @example scoreDocument(JSON.parse(line))?.score.total // cents, as scoreEvaluation's total × 100
 */
export function scoreDocument(data: unknown, cache: DocumentTreeCache = documentTrees): { title: string; score: FastScore } | undefined {
  const read = readDocument(data, cache);
  const score = read && runKernel(read.tree, read.values);
  return score && { title: read.title, score };
}
