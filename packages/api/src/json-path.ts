/**
 * Paths into a JSON document (["indicators", 0, "weight"]) — the one copy the server (PATCH),
 * the web workspace (immutable edits) and the CLI (messages) share. A path comes from a
 * request, so it is bounded before it is walked: no `__proto__` / `constructor` / `prototype`
 * segment (prototype pollution), at most {@link PATH_LIMITS}.maxDepth segments, keys no longer
 * than maxKeyLength, and an array index is an integer from 0 to the array's current length (the
 * length appends; index 10,000,000 of a 3-element list is refused instead of allocating it).
 */

import { type Bilingual, PROTOTYPE_KEYS, formatPath } from "@jixiao/engine";

export type PathSegment = string | number;
export type JsonPath = ReadonlyArray<PathSegment>;

/** Bounds on a path (documented in docs/exchange.md, "Limits"). */
export const PATH_LIMITS = {
  /** Segments in one path. The deepest real path (indicators four levels down, a rule's band) is about 12. */
  maxDepth: 32,
  /** Characters in one object key. */
  maxKeyLength: 200,
  /** Nesting of a JSON document in a request body (the deepest real document nests about 14). */
  maxDocumentDepth: 64,
} as const;

/** Whether `key` reaches an object's prototype (the engine's list, which its file loader also refuses). */
export const isForbiddenKey = (key: string): boolean => PROTOTYPE_KEYS.has(key);

/**
 * A path as people read it.
 * @example pathText(["indicators", 0, "children", 2, "weight"]) // "indicators[0].children[2].weight"
 */
export function pathText(path: JsonPath): string {
  return formatPath(path); // the engine's, which names fields in its own messages
}

/** Why a path (or one of its segments) cannot be followed: the segment's index and a message. */
export interface PathProblem {
  /** Index of the offending segment in the path (-1: the path as a whole). */
  index: number;
  segment?: PathSegment;
  message: Bilingual;
}

/** A path that cannot be followed (thrown by getAt/setAt; the server answers 400 with it). */
export class JsonPathError extends Error {
  constructor(
    readonly path: JsonPath,
    readonly problem: PathProblem,
  ) {
    super(problem.message.en);
    this.name = "JsonPathError";
  }
}

/**
 * The first problem of a path on its own (before any document is seen): too deep, a forbidden
 * or over-long key, an index that is not a non-negative integer. (The empty path is the whole
 * document; request schemas ask for at least one segment.)
 * @example pathProblem(["__proto__", "x"])?.index // 0
 */
export function pathProblem(path: JsonPath): PathProblem | undefined {
  if (path.length > PATH_LIMITS.maxDepth) {
    return {
      index: -1,
      message: {
        zh: `路径最多 ${PATH_LIMITS.maxDepth} 段（实际 ${path.length} 段）`,
        en: `a path has at most ${PATH_LIMITS.maxDepth} segments (this one has ${path.length})`,
      },
    };
  }
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (typeof seg === "number") {
      if (!Number.isSafeInteger(seg) || seg < 0)
        return {
          index: i,
          segment: seg,
          message: {
            zh: `第 ${i} 段 ${seg} 不是有效的列表序号（应为非负整数）`,
            en: `segment ${i} (${seg}) is not a list index (a non-negative integer)`,
          },
        };
    } else if (typeof seg !== "string") {
      return { index: i, message: { zh: `第 ${i} 段应为文本或序号`, en: `segment ${i} must be text or an index` } };
    } else if (isForbiddenKey(seg)) {
      return {
        index: i,
        segment: seg,
        message: {
          zh: `第 ${i} 段“${seg}”不允许（不能访问对象原型）`,
          en: `segment ${i} "${seg}" is not allowed (it reaches the object prototype)`,
        },
      };
    } else if (seg.length === 0 || seg.length > PATH_LIMITS.maxKeyLength) {
      return {
        index: i,
        segment: seg.slice(0, 40),
        message: {
          zh: `第 ${i} 段的键名长度应为 1–${PATH_LIMITS.maxKeyLength} 个字符（实际 ${seg.length}）`,
          en: `segment ${i} must be 1–${PATH_LIMITS.maxKeyLength} characters long (it has ${seg.length})`,
        },
      };
    }
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The value at `path`, or undefined when any step is missing. Only own properties are
 * followed, so no path reads a prototype.
 * @example getAt({ a: [1, 2] }, ["a", 1]) // 2
 */
export function getAt(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      if (typeof seg !== "number" || !Number.isInteger(seg) || seg < 0 || seg >= cur.length) return undefined;
      cur = cur[seg];
    } else if (isObject(cur)) {
      if (typeof seg !== "string" || isForbiddenKey(seg) || !own(cur, seg)) return undefined;
      cur = cur[seg];
    } else return undefined;
  }
  return cur;
}

/**
 * A copy of `root` with the value at `path` set; `undefined` deletes (an object key is removed,
 * a list element spliced out). Only the containers along the path are copied (immutable: the
 * web keeps unchanged parts identical for memoised rendering). A missing container on the way
 * is created (a list when the next segment is an index, else an object). Throws
 * {@link JsonPathError} for a forbidden segment, an index beyond the current length, a text
 * key into a list, an index into an object, or a step through a scalar.
 * @example setAt({ a: [1] }, ["a", 1], 2) // { a: [1, 2] }
 */
export function setAt<T>(root: T, path: JsonPath, value: unknown): T {
  const problem = pathProblem(path);
  if (problem) throw new JsonPathError(path, problem);
  return step(root, path, 0, value) as T;
}

function step(node: unknown, path: JsonPath, i: number, value: unknown): unknown {
  if (i === path.length) return value;
  // Deleting below something that is not there changes nothing.
  if (value === undefined && (node === undefined || node === null)) return node;
  const seg = path[i]!;
  const fail = (zh: string, en: string): never => {
    throw new JsonPathError(path, {
      index: i,
      segment: seg,
      message: { zh: `${pathText(path.slice(0, i + 1))}：${zh}`, en: `${pathText(path.slice(0, i + 1))}: ${en}` },
    });
  };
  const base: unknown = node ?? (typeof seg === "number" ? [] : {});
  if (Array.isArray(base)) {
    if (typeof seg !== "number") return fail("此处是列表，应给出序号", "this is a list: an index is expected");
    if (seg > base.length)
      return fail(
        `序号超出范围（列表有 ${base.length} 项，序号应为 0–${base.length}，${base.length} 表示追加）`,
        `index out of range (the list has ${base.length} item(s): 0–${base.length}, where ${base.length} appends)`,
      );
    const copy = base.slice();
    const next = step(copy[seg], path, i + 1, value);
    if (next === undefined) copy.splice(seg, 1);
    else copy[seg] = next;
    return copy;
  }
  if (isObject(base)) {
    if (typeof seg !== "string") return fail("此处是对象，应给出键名", "this is an object: a key is expected");
    // Spread copies own data only; `seg` is never a prototype key (pathProblem refused those).
    const copy: Record<string, unknown> = { ...base };
    const next = step(own(copy, seg) ? copy[seg] : undefined, path, i + 1, value);
    if (next === undefined) delete copy[seg];
    else copy[seg] = next;
    return copy;
  }
  return fail("不是对象或列表，不能再往下", "not an object or a list: cannot go further");
}

/**
 * The first problem of a JSON value from a request, found without recursion (a body nested
 * 100,000 deep must not overflow the stack): nesting deeper than `maxDepth`, or an object key
 * that reaches a prototype. Its path says where.
 * @example jsonProblem({ a: { constructor: 1 } })?.path // ["a", "constructor"]
 */
export function jsonProblem(
  value: unknown,
  maxDepth: number = PATH_LIMITS.maxDocumentDepth,
): { path: PathSegment[]; message: Bilingual } | undefined {
  const stack: Array<{ v: unknown; path: PathSegment[] }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (path.length >= maxDepth) {
      return { path, message: { zh: `嵌套过深：最多 ${maxDepth} 层`, en: `nested too deeply: at most ${maxDepth} levels` } };
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (isForbiddenKey(k))
        return {
          path: [...path, k],
          message: { zh: `键名“${k}”不允许（不能访问对象原型）`, en: `the key "${k}" is not allowed (it reaches the object prototype)` },
        };
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return undefined;
}
