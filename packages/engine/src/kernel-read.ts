/**
 * Reading a document for the kernel without the schema's decimals: one walk over the data as
 * JSON.parse gave it (a line of JSON Lines, an API body) that builds the structural fingerprint,
 * reads each actual value and deduction straight into a scaled integer (scaled.ts) and checks
 * every field it reads the way the schema would. No Decimal is built for a document whose
 * template is already compiled.
 *
 * Correctness first: the walk accepts only what it can vouch for — a document of schemaVersion,
 * meta, scheme and indicators whose nodes carry the fields listed in NODE_KEYS — and declines
 * (undefined) everything else, which then goes through EvaluationSchema and scoreFast. A shape
 * is compiled from the first document that has it, after EvaluationSchema has accepted that
 * document; later documents with the same fingerprint have byte-identical structural fields, so
 * the schema would accept those fields again, and the walk checks the rest itself.
 */
import { type CompiledTree, type FastScore, type KernelValues, compileTree, runKernel } from "./kernel.js";
import { EvaluationKind, EvaluationSchema, EvaluationType } from "./model.js";
import { scaledOfNumber, scaledOfText } from "./scaled.js";

const KINDS: ReadonlySet<string> = new Set(EvaluationKind.options);
const TYPES: ReadonlySet<string> = new Set(EvaluationType.options);
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Compiled shapes by document fingerprint (bounded). */
export class DocumentTreeCache {
  readonly #trees = new Map<string, CompiledTree>();
  constructor(readonly limit = 256) {}
  lookup(key: string): CompiledTree | undefined {
    return this.#trees.get(key);
  }
  store(key: string, tree: CompiledTree): void {
    if (this.#trees.size >= this.limit) this.#trees.clear();
    this.#trees.set(key, tree);
  }
  get size(): number {
    return this.#trees.size;
  }
}

const documentTrees = new DocumentTreeCache();

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): boolean => typeof v === "string" && v.length > 0;
const strings = (v: unknown, min: number): boolean => Array.isArray(v) && v.every((x) => typeof x === "string" && x.length >= min);

/** A structural value in the fingerprint, typed and length-prefixed (injective). */
function key(v: unknown): string {
  if (v === undefined) return "~";
  if (typeof v === "string") return `s${v.length}:${v}`;
  if (typeof v === "number") return `n${v}`;
  if (typeof v === "boolean") return v ? "T" : "F";
  const j = JSON.stringify(v);
  return `j${j.length}:${j}`;
}

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
  fp = "";
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
    let fp = "{";
    let children: unknown[] | undefined;
    for (const f in n) {
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
          fp += `${f}=${key(v)};`;
          break;
        case "score": {
          fp += `score=${key(v)};`;
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
          if (v.length > 0) fp += "d;";
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
    if (this.actualKind[k] === 2 && n["rule"] === undefined && n["target"] === undefined && n["score"] === undefined) fp += "t;";
    this.fp += fp;
    if (children)
      for (const c of children) {
        if (!this.node(c)) return false;
      }
    this.fp += "}";
    return true;
  }
}

/**
 * Score a document given as data (JSON.parse's output) with the compiled kernel, reading its
 * values without building decimals, or undefined when the kernel does not take it whole: a
 * document the walk does not vouch for, an invalid one, one whose shape or a leaf of which needs
 * the reference path. The caller then validates it (EvaluationSchema) and uses scoreFast.
 * @example scoreDocument(JSON.parse(line))?.score.total // cents, as scoreEvaluation's total × 100
 */
export function scoreDocument(data: unknown, cache: DocumentTreeCache = documentTrees): { title: string; score: FastScore } | undefined {
  if (!isObject(data)) return undefined;
  let scheme = "";
  for (const k in data) {
    if (k === "scheme") scheme = key(data[k]);
    else if (k !== "schemaVersion" && k !== "meta" && k !== "indicators") return undefined;
  }
  if (data["schemaVersion"] !== 1) return undefined;
  const meta = data["meta"];
  if (!metaOk(meta)) return undefined;
  const indicators = data["indicators"];
  if (!Array.isArray(indicators)) return undefined;
  const w = new Walk();
  for (const n of indicators) if (!w.node(n)) return undefined;
  const fp = `${scheme}|${w.fp}`;
  let tree = cache.lookup(fp);
  if (tree === undefined) {
    const parsed = EvaluationSchema.safeParse(data);
    if (!parsed.success) return undefined;
    tree = compileTree(parsed.data);
    cache.store(fp, tree);
  }
  if (!tree.exact || tree.nodes.length !== w.actualKind.length) return undefined;
  const values: KernelValues = w;
  const score = runKernel(tree, values);
  return score && { title: meta.title, score };
}
