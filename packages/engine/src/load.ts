/**
 * Reading a Jixiao file from text (YAML or JSON): syntax and schema errors name the file,
 * line:column and the field path, in Chinese and English. Pure: the caller reads the file.
 */
import { Document, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import type * as z from "zod";
import { type Bilingual, type MessageKey, type MessageParams, msg } from "./messages.js";
import { type Evaluation, EvaluationSchema } from "./model.js";

export interface LoadError {
  file: string;
  line: number;
  column: number;
  /** Field path: "indicators[0].children[2].weight" ("" for the whole file). */
  path: string;
  code: MessageKey;
  message: Bilingual;
}

export type LoadResult =
  | { ok: true; evaluation: Evaluation; document: unknown; format: "yaml" | "json" }
  | { ok: false; errors: LoadError[]; format: "yaml" | "json" };

export type Format = "yaml" | "json";

/**
 * Keys that reach an object's prototype when followed or assigned (prototype pollution):
 * refused in every file and, through @jixiao/api's json-path module, in every request path.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Bounds on a file, checked before and while parsing so that no upload can make parsing slow or
 * large (docs/exchange.md, "Limits"). The Yangquan report is 32 KB, 900 lines, 3,000 nodes.
 */
export const LOAD_LIMITS = {
  /** Characters of text. */
  maxChars: 2_000_000,
  /** Lines of text. */
  maxLines: 50_000,
  /** Nodes (mappings, lists, scalars) in the parsed document. */
  maxNodes: 200_000,
  /** Keys in one mapping. */
  maxKeys: 5_000,
  /** Nesting of mappings and lists. */
  maxDepth: 64,
  /** How often aliases (*name) may expand, in yaml's count (a billion-laughs file needs millions). */
  maxAliasCount: 100,
} as const;

/** Format from the file name (.json → json), or by sniffing the text. */
export function detectFormat(file: string, text: string): Format {
  if (/\.json$/i.test(file)) return "json";
  if (/\.ya?ml$/i.test(file)) return "yaml";
  return /^\s*[{[]/.test(text) ? "json" : "yaml";
}

/** Render a field path: ["indicators", 0, "weight"] → "indicators[0].weight". */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += (out ? "." : "") + String(seg);
  }
  return out;
}

function lineCol(counter: LineCounter, offset: number): { line: number; column: number } {
  const p = counter.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Find the node at `path` in a YAML document (or the deepest ancestor that exists). */
function locate(doc: Document, path: ReadonlyArray<PropertyKey>, key?: string): YamlNode | undefined {
  let node: unknown = doc.contents;
  let last: YamlNode | undefined = doc.contents ?? undefined;
  const segments = key !== undefined ? [...path, key] : path;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const finalKey = key !== undefined && i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return last;
      if (finalKey) return (pair.key as YamlNode) ?? last;
      node = pair.value;
      if (node && (isMap(node) || isSeq(node) || isScalar(node))) last = node as YamlNode;
      else return pair.key as YamlNode;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (!item) return last;
      node = item;
      last = item as YamlNode;
    } else {
      return last;
    }
  }
  return last;
}

/** The YAML parser's error codes people meet most, in Chinese. */
const YAML_ERRORS: Partial<Record<string, Bilingual>> = {
  DUPLICATE_KEY: { zh: "键名重复", en: "duplicate key" },
  MISSING_CHAR: { zh: "缺少闭合的引号或括号", en: "a closing quote or bracket is missing" },
  BAD_INDENT: { zh: "缩进不正确", en: "bad indentation" },
  TAB_AS_INDENT: { zh: "不能用 Tab 缩进，请用空格", en: "tabs cannot indent; use spaces" },
  MULTILINE_IMPLICIT_KEY: {
    zh: "键名不能跨行（可能缺少冒号或缩进有误）",
    en: "a key cannot span lines (a colon missing or bad indentation?)",
  },
  UNEXPECTED_TOKEN: { zh: "出现意外的字符", en: "unexpected token" },
  BLOCK_AS_IMPLICIT_KEY: { zh: "块结构不能作为键名", en: "a block cannot be a key" },
  BAD_SCALAR_START: {
    zh: "值的开头字符无效（以 @ 或 ` 开头的值需加引号）",
    en: "a value cannot start this way (quote values starting with @ or `)",
  },
};

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { zh: "文本", en: "text" },
  number: { zh: "数字", en: "a number" },
  int: { zh: "整数", en: "an integer" },
  boolean: { zh: "是/否（true/false）", en: "true/false" },
  object: { zh: "对象（映射）", en: "an object (mapping)" },
  array: { zh: "列表", en: "a list" },
  null: { zh: "空值", en: "null" },
  undefined: { zh: "空", en: "nothing" },
};

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" && Number.isInteger(v)) return "number";
  return typeof v;
}

interface Described {
  code: MessageKey;
  params: MessageParams;
  key?: string;
}

function describe(issue: z.core.$ZodIssue): Described {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) return { code: "schema/required", params: {} };
      const expected = TYPE_NAMES[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      const found = TYPE_NAMES[typeOf(input)] ?? { zh: typeOf(input), en: typeOf(input) };
      return { code: "schema/type", params: { expected: expected.zh, expected_en: expected.en, found: found.zh, found_en: found.en } };
    }
    case "unrecognized_keys":
      return { code: "schema/unknown-key", params: { name: issue.keys.join("、") }, key: issue.keys[0] };
    case "invalid_value":
      if (issue.values.length === 1) return { code: "schema/literal", params: { expected: JSON.stringify(issue.values[0]) } };
      return { code: "schema/enum", params: { found: String(input), expected: issue.values.map(String).join(" / ") } };
    case "too_small":
      return { code: "schema/too-small", params: { expected: String(issue.minimum) } };
    case "too_big":
      return { code: "schema/too-big", params: { expected: String(issue.maximum) } };
    case "invalid_format": {
      const f = issue.format === "date" ? { zh: "日期 YYYY-MM-DD", en: "a date YYYY-MM-DD" } : { zh: issue.format, en: issue.format };
      return { code: "schema/format", params: { expected: f.zh, expected_en: f.en } };
    }
    case "invalid_union": {
      // Pick the branch that got furthest: a custom message beats a type mismatch.
      const branches = issue.errors ?? [];
      for (const branch of branches) {
        const custom = branch.find((i) => i.code === "custom");
        if (custom) return describe({ ...custom, input } as z.core.$ZodIssue);
      }
      const typeIssues = branches.flat().filter((i) => i.code === "invalid_type");
      if (typeIssues.length === branches.flat().length && typeIssues.length > 0) {
        const names = [...new Set(typeIssues.map((i) => (i as { expected: string }).expected))];
        const zh = names.map((n) => TYPE_NAMES[n]?.zh ?? n).join(" 或 ");
        const en = names.map((n) => TYPE_NAMES[n]?.en ?? n).join(" or ");
        if (input === undefined) return { code: "schema/required", params: {} };
        const found = TYPE_NAMES[typeOf(input)] ?? { zh: typeOf(input), en: typeOf(input) };
        return { code: "schema/type", params: { expected: zh, expected_en: en, found: found.zh, found_en: found.en } };
      }
      const first = branches.find((b) => b.length > 0)?.[0];
      if (first && branches.length === 1) return describe(first);
      if ((issue as { note?: string }).note?.includes("discriminator")) {
        const found = input !== null && typeof input === "object" ? String((input as { type?: unknown }).type ?? "") : String(input);
        return {
          code: "schema/enum",
          params: { found, expected: "proportional / interval / step / qualitative / checklist / deduction / expert / direct / formula" },
        };
      }
      return { code: "schema/other", params: { detail: issue.message } };
    }
    case "custom": {
      if (issue.message === "decimal") return { code: "schema/decimal", params: { found: String(input) } };
      if (issue.message === "nonnegative") return { code: "schema/nonnegative", params: {} };
      if (issue.message === "between-needs-min-max")
        return { code: "schema/target", params: { detail: { zh: "区间（between）需要 min 与 max", en: "between needs min and max" } } };
      if (issue.message === "target-needs-value")
        return { code: "schema/target", params: { detail: { zh: "缺少 value", en: "value is missing" } } };
      return { code: "schema/other", params: { detail: issue.message } };
    }
    default:
      return { code: "schema/other", params: { detail: issue.message } };
  }
}

function jsonSyntaxError(file: string, text: string, err: Error): LoadError {
  const m = /position (\d+)/.exec(err.message);
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  let line: number;
  let column = 1;
  if (lc) {
    line = Number(lc[1]);
    column = Number(lc[2]);
  } else if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    line = before.split("\n").length;
    column = pos - before.lastIndexOf("\n");
  } else {
    line = text.split("\n").length;
  }
  const detail = err.message
    .replace(/^SyntaxError:\s*/, "")
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/\s*in JSON at position \d+/, "");
  return { file, line, column, path: "", code: "file/json-syntax", message: msg("file/json-syntax", { detail }) };
}

const depthText = (): Bilingual => ({ zh: `嵌套最多 ${LOAD_LIMITS.maxDepth} 层`, en: `at most ${LOAD_LIMITS.maxDepth} levels of nesting` });

/** Whether JSON text nests deeper than LOAD_LIMITS.maxDepth (one pass over the characters, before parsing). */
function jsonTooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > LOAD_LIMITS.maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** The text is larger than LOAD_LIMITS allow (checked before parsing). */
function sizeProblem(file: string, text: string): LoadError | undefined {
  const tooLarge = (line: number, detail: Bilingual): LoadError => ({
    file,
    line,
    column: 1,
    path: "",
    code: "file/too-large",
    message: msg("file/too-large", { detail }),
  });
  if (text.length > LOAD_LIMITS.maxChars) {
    return tooLarge(1, {
      zh: `最多 ${LOAD_LIMITS.maxChars} 个字符（实际 ${text.length}）`,
      en: `at most ${LOAD_LIMITS.maxChars} characters (it has ${text.length})`,
    });
  }
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (++lines > LOAD_LIMITS.maxLines)
      return tooLarge(lines, { zh: `最多 ${LOAD_LIMITS.maxLines} 行`, en: `at most ${LOAD_LIMITS.maxLines} lines` });
  }
  return undefined;
}

/**
 * One walk over the parsed document, without recursion: nodes, nesting and keys per mapping
 * within LOAD_LIMITS, no prototype key, no duplicate key (a set per mapping). Errors name the
 * line:column of the node and its field path.
 */
function shapeProblems(doc: Document, file: string, counter: LineCounter): LoadError[] {
  const errors: LoadError[] = [];
  const at = (node: unknown, path: ReadonlyArray<PropertyKey>, code: MessageKey, params: MessageParams): LoadError => {
    const range = (node as YamlNode | undefined)?.range;
    const { line, column } = range ? lineCol(counter, range[0]) : { line: 1, column: 1 };
    return { file, line, column, path: formatPath(path), code, message: msg(code, params) };
  };
  const stack: Array<{ node: unknown; path: PropertyKey[] }> = [{ node: doc.contents, path: [] }];
  let nodes = 0;
  while (stack.length > 0 && errors.length < 20) {
    const { node, path } = stack.pop()!;
    if (++nodes > LOAD_LIMITS.maxNodes) {
      errors.push(
        at(node, path, "file/too-large", {
          detail: { zh: `最多 ${LOAD_LIMITS.maxNodes} 个节点`, en: `at most ${LOAD_LIMITS.maxNodes} nodes` },
        }),
      );
      break;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (path.length >= LOAD_LIMITS.maxDepth) {
      errors.push(at(node, path, "file/too-large", { detail: depthText() }));
      break;
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
      continue;
    }
    if (node.items.length > LOAD_LIMITS.maxKeys) {
      errors.push(
        at(node, path, "file/too-large", {
          detail: {
            zh: `一个对象最多 ${LOAD_LIMITS.maxKeys} 个键（此处 ${node.items.length} 个）`,
            en: `at most ${LOAD_LIMITS.maxKeys} keys in one mapping (this one has ${node.items.length})`,
          },
        }),
      );
      break;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : pair.key === null ? "" : undefined;
      if (key === undefined) {
        stack.push({ node: pair.key, path });
      } else if (PROTOTYPE_KEYS.has(key)) {
        errors.push(at(pair.key, [...path, key], "file/forbidden-key", { name: key }));
        continue;
      } else if (seen.has(key)) {
        // As yaml's own check said it (path "": a syntax error), now without its quadratic cost.
        errors.push(
          at(pair.key, [], "file/yaml-syntax", {
            detail: {
              zh: `${YAML_ERRORS["DUPLICATE_KEY"]!.zh}（Map keys must be unique）`,
              en: `${YAML_ERRORS["DUPLICATE_KEY"]!.en} (Map keys must be unique: ${key})`,
            },
          }),
        );
        continue;
      } else seen.add(key);
      stack.push({ node: pair.value, path: key === undefined ? path : [...path, key] });
    }
  }
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The first alias (*name) in document order, to point at when aliases expand too often. */
function firstAlias(doc: Document): YamlNode | undefined {
  let found: YamlNode | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!found || (node.range?.[0] ?? 0) < (found.range?.[0] ?? 0)) found = node;
    } else if (isSeq(node)) stack.push(...node.items);
    else if (isMap(node)) for (const p of node.items) stack.push(p.key, p.value);
  }
  return found;
}

/**
 * Parse and validate a Jixiao file.
 * @example loadEvaluation(text, "examples/yangquan-hrss-2021.yaml")
 */
export function loadEvaluation(text: string, file = "<input>", format: Format = detectFormat(file, text)): LoadResult {
  const r = loadDocument(EvaluationSchema, text, file, format);
  return r.ok ? { ok: true, evaluation: r.value, document: r.document, format: r.format } : r;
}

export type DocumentResult<T> =
  { ok: true; value: T; document: unknown; format: Format } | { ok: false; errors: LoadError[]; format: Format };

/**
 * Parse and validate any Jixiao document (an evaluation, a target filing, a monitoring report)
 * against its schema, with the same limits, prototype-key refusal and located messages.
 * @example loadDocument(TargetFilingSchema, text, "examples/yangquan-hrss-2021-targets.yaml")
 */
export function loadDocument<T>(
  schema: z.ZodType<T>,
  text: string,
  file = "<input>",
  format: Format = detectFormat(file, text),
): DocumentResult<T> {
  const counter = new LineCounter();
  const tooLarge = sizeProblem(file, text);
  if (tooLarge) return { ok: false, format, errors: [tooLarge] };
  let data: unknown;
  if (format === "json") {
    if (jsonTooDeep(text))
      return {
        ok: false,
        format,
        errors: [{ file, line: 1, column: 1, path: "", code: "file/too-large", message: msg("file/too-large", { detail: depthText() }) }],
      };
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, format, errors: [jsonSyntaxError(file, text, err as Error)] };
    }
  }
  // JSON is YAML 1.2, so one parser gives line and column for both formats. yaml's own
  // duplicate-key check compares every key with every other (40,000 keys took 15 s); keys are
  // checked below with a set instead.
  // Nesting deeper than the stack (100,000 "[") overflows yaml's recursive parser: too deep.
  const tooDeep = (): DocumentResult<T> => ({
    ok: false,
    format,
    errors: [{ file, line: 1, column: 1, path: "", code: "file/too-large", message: msg("file/too-large", { detail: depthText() }) }],
  });
  let doc: Document;
  let bad: LoadError[];
  try {
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
    // (yaml reports some overflows as a parse error rather than throwing.)
    if (doc.errors.some((e) => /call stack/i.test(e.message))) return tooDeep();
    // JSON that the YAML parser cannot read is walked as data: its keys are checked all the same.
    bad =
      doc.errors.length === 0
        ? shapeProblems(doc, file, counter)
        : format === "json"
          ? shapeProblems(new Document(data), file, counter)
          : [];
  } catch (err) {
    if (err instanceof RangeError) return tooDeep();
    throw err;
  }
  if (bad.length > 0) return { ok: false, format, errors: bad };
  if (format === "yaml") {
    if (doc.errors.length > 0) {
      return {
        ok: false,
        format,
        errors: doc.errors.map((e) => {
          const { line, column } = lineCol(counter, e.pos[0]);
          const raw = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
          const known = YAML_ERRORS[e.code];
          const detail: Bilingual = known ? { zh: `${known.zh}（${raw}）`, en: `${known.en} (${raw})` } : { zh: raw, en: raw };
          return { file, line, column, path: "", code: "file/yaml-syntax", message: msg("file/yaml-syntax", { detail }) };
        }),
      };
    }
    try {
      data = doc.toJS({ maxAliasCount: LOAD_LIMITS.maxAliasCount });
    } catch (err) {
      // yaml throws a ReferenceError when aliases expand more than maxAliasCount allows.
      if (!(err instanceof ReferenceError)) throw err;
      const at = firstAlias(doc);
      const { line, column } = at?.range ? lineCol(counter, at.range[0]) : { line: 1, column: 1 };
      return {
        ok: false,
        format,
        errors: [
          {
            file,
            line,
            column,
            path: "",
            code: "file/aliases",
            message: msg("file/aliases", { expected: String(LOAD_LIMITS.maxAliasCount) }),
          },
        ],
      };
    }
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return {
      ok: false,
      format,
      errors: [{ file, line: 1, column: 1, path: "", code: "file/not-object", message: msg("file/not-object") }],
    };
  }
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data, document: data, format };
  const errors = parsed.error.issues.map((issue): LoadError => {
    const d = describe(issue);
    const node = doc.errors.length === 0 ? locate(doc, issue.path, d.key) : undefined;
    const { line, column } = node?.range ? lineCol(counter, node.range[0]) : { line: 1, column: 1 };
    const path = formatPath(d.key !== undefined ? [...issue.path, d.key] : issue.path);
    return { file, line, column, path, code: d.code, message: msg(d.code, d.params) };
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, format, errors };
}

/** "file:line:column  path  message" in one language. */
export function formatLoadError(e: LoadError, lang: "zh" | "en"): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  const field = e.path ? ` ${e.path}:` : "";
  return `${where}${field} ${e.message[lang]}`;
}

/** A validation problem of a document given as data (an API body): field path and message. */
export interface FieldProblem {
  path: string;
  code: MessageKey;
  message: Bilingual;
}

/**
 * Validate a document that arrived as data rather than text (an API request body).
 * @example validateEvaluation({ schemaVersion: 1 }) // → { ok: false, problems: [{ path: "meta", … }] }
 */
export function validateEvaluation(data: unknown): { ok: true; evaluation: Evaluation } | { ok: false; problems: FieldProblem[] } {
  const parsed = EvaluationSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, evaluation: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const d = describe(issue);
      const path = formatPath(d.key !== undefined ? [...issue.path, d.key] : issue.path);
      return { path, code: d.code, message: msg(d.code, d.params) };
    }),
  };
}
