/**
 * A small, safe expression language for custom scoring formulas and the standard formulas
 * (共性指标). It is parsed into a tree and evaluated over exact decimals; there is no `eval`,
 * no property access, no loops — only numbers, variables, arithmetic, comparisons, logic and
 * a fixed set of functions.
 *
 *   expr     := or
 *   or       := and ("||" and)*
 *   and      := cmp ("&&" cmp)*
 *   cmp      := add (("<" | "<=" | ">" | ">=" | "==" | "!=") add)?
 *   add      := mul (("+" | "-") mul)*
 *   mul      := unary (("*" | "/" | "×" | "÷") unary)*
 *   unary    := ("-" | "!") unary | primary
 *   primary  := number | name | name "(" args ")" | "(" expr ")"
 *
 * Names may contain letters (including Chinese), digits, "_" and "."; e.g. `staff.inPost`.
 * Functions: min, max, abs, round(x, places), floor, ceil, clamp(x, lo, hi), if(c, a, b).
 *
 * @example evaluate(parseExpression("min(actual / target, 1) * points"), {actual: 9, target: 10, points: 5}) // 4.5
 */
import { Decimal, ONE, ZERO, dec, roundTo } from "./exact.js";

export type Expr =
  | { kind: "num"; value: Decimal }
  | { kind: "var"; name: string; pos: number }
  | { kind: "unary"; op: "-" | "!"; arg: Expr }
  | { kind: "binary"; op: string; left: Expr; right: Expr; pos: number }
  | { kind: "call"; name: string; args: Expr[]; pos: number };

export class ExpressionError extends Error {
  constructor(
    readonly code: "syntax" | "unknown-variable" | "unknown-function" | "division-by-zero" | "type" | "arity",
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

type Token = { t: "num" | "name" | "op" | "end"; v: string; pos: number };

const OPERATORS = ["<=", ">=", "==", "!=", "&&", "||", "<", ">", "+", "-", "*", "/", "×", "÷", "(", ")", ",", "!"];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ t: "num", v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_.]*/u.exec(src.slice(i));
    if (name) {
      tokens.push({ t: "name", v: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: "op", v: op, pos: i });
      i += op.length;
      continue;
    }
    throw new ExpressionError("syntax", `unexpected character "${c}"`, i);
  }
  tokens.push({ t: "end", v: "", pos: src.length });
  return tokens;
}

const FUNCTIONS: Record<string, [number, number]> = {
  min: [1, 99],
  max: [1, 99],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  clamp: [3, 3],
  if: [3, 3],
};

/** Parse an expression; throws ExpressionError("syntax" …) with the position on bad input. */
export function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const next = (): Token => tokens[k++]!;
  const expectOp = (v: string): void => {
    const tok = next();
    if (tok.t !== "op" || tok.v !== v) throw new ExpressionError("syntax", `expected "${v}"`, tok.pos);
  };
  const binaryLevel =
    (ops: string[], sub: () => Expr, single = false) =>
    (): Expr => {
      let left = sub();
      for (;;) {
        const tok = peek();
        if (tok.t !== "op" || !ops.includes(tok.v)) return left;
        next();
        left = { kind: "binary", op: tok.v, left, right: sub(), pos: tok.pos };
        if (single) return left;
      }
    };
  const primary = (): Expr => {
    const tok = next();
    if (tok.t === "num") return { kind: "num", value: new Decimal(tok.v) };
    if (tok.t === "name") {
      const after = peek();
      if (after.t === "op" && after.v === "(") {
        next();
        const arity = FUNCTIONS[tok.v];
        if (!arity) throw new ExpressionError("unknown-function", `unknown function "${tok.v}"`, tok.pos);
        const args: Expr[] = [];
        if (!(peek().t === "op" && peek().v === ")")) {
          args.push(or());
          while (peek().t === "op" && peek().v === ",") {
            next();
            args.push(or());
          }
        }
        expectOp(")");
        if (args.length < arity[0] || args.length > arity[1]) {
          throw new ExpressionError("arity", `${tok.v}() takes ${arity[0]}–${arity[1]} arguments`, tok.pos);
        }
        return { kind: "call", name: tok.v, args, pos: tok.pos };
      }
      return { kind: "var", name: tok.v, pos: tok.pos };
    }
    if (tok.t === "op" && tok.v === "(") {
      const e = or();
      expectOp(")");
      return e;
    }
    throw new ExpressionError("syntax", tok.t === "end" ? "unexpected end" : `unexpected "${tok.v}"`, tok.pos);
  };
  const unary = (): Expr => {
    const tok = peek();
    if (tok.t === "op" && (tok.v === "-" || tok.v === "!")) {
      next();
      return { kind: "unary", op: tok.v, arg: unary() };
    }
    return primary();
  };
  const mul = binaryLevel(["*", "/", "×", "÷"], unary);
  const add = binaryLevel(["+", "-"], mul);
  const cmp = binaryLevel(["<", "<=", ">", ">=", "==", "!="], add, true);
  const and = binaryLevel(["&&"], cmp);
  const or = binaryLevel(["||"], and);
  const tree = or();
  const end = peek();
  if (end.t !== "end") throw new ExpressionError("syntax", `unexpected "${end.v}"`, end.pos);
  return tree;
}

export type Value = Decimal | boolean;
export type Scope = Readonly<Record<string, Decimal | number | string | undefined>>;

function num(v: Value, pos: number): Decimal {
  if (typeof v === "boolean") throw new ExpressionError("type", "expected a number, found a condition", pos);
  return v;
}
function bool(v: Value, pos: number): boolean {
  if (typeof v !== "boolean") throw new ExpressionError("type", "expected a condition, found a number", pos);
  return v;
}

/** Evaluate over exact decimals. Throws ExpressionError for unknown names or x/0. */
export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case "num":
      return e.value;
    case "var": {
      const v = scope[e.name];
      if (v === undefined) throw new ExpressionError("unknown-variable", `unknown variable "${e.name}"`, e.pos);
      return dec(v);
    }
    case "unary": {
      const v = evaluate(e.arg, scope);
      return e.op === "-" ? num(v, 0).negated() : !bool(v, 0);
    }
    case "binary": {
      if (e.op === "&&") return bool(evaluate(e.left, scope), e.pos) && bool(evaluate(e.right, scope), e.pos);
      if (e.op === "||") return bool(evaluate(e.left, scope), e.pos) || bool(evaluate(e.right, scope), e.pos);
      const a = num(evaluate(e.left, scope), e.pos);
      const b = num(evaluate(e.right, scope), e.pos);
      switch (e.op) {
        case "+":
          return a.plus(b);
        case "-":
          return a.minus(b);
        case "*":
        case "×":
          return a.times(b);
        case "/":
        case "÷":
          if (b.isZero()) throw new ExpressionError("division-by-zero", "division by zero", e.pos);
          return a.dividedBy(b);
        case "<":
          return a.lessThan(b);
        case "<=":
          return a.lessThanOrEqualTo(b);
        case ">":
          return a.greaterThan(b);
        case ">=":
          return a.greaterThanOrEqualTo(b);
        case "==":
          return a.equals(b);
        case "!=":
          return !a.equals(b);
      }
      throw new ExpressionError("syntax", `unknown operator ${e.op}`, e.pos);
    }
    case "call": {
      if (e.name === "if") {
        return bool(evaluate(e.args[0]!, scope), e.pos) ? evaluate(e.args[1]!, scope) : evaluate(e.args[2]!, scope);
      }
      const args = e.args.map((a) => num(evaluate(a, scope), e.pos));
      const [x = ZERO, y, z] = args;
      switch (e.name) {
        case "min":
          return args.reduce((m, v) => (v.lessThan(m) ? v : m));
        case "max":
          return args.reduce((m, v) => (v.greaterThan(m) ? v : m));
        case "abs":
          return x.abs();
        case "round":
          return roundTo(x, y ? y.toNumber() : 0);
        case "floor":
          return x.floor();
        case "ceil":
          return x.ceil();
        case "clamp":
          return x.lessThan(y!) ? y! : x.greaterThan(z!) ? z! : x;
      }
      throw new ExpressionError("unknown-function", `unknown function "${e.name}"`, e.pos);
    }
  }
}

/** The variable names an expression reads. */
export function variablesOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case "var":
      out.add(e.name);
      break;
    case "unary":
      variablesOf(e.arg, out);
      break;
    case "binary":
      variablesOf(e.left, out);
      variablesOf(e.right, out);
      break;
    case "call":
      for (const a of e.args) variablesOf(a, out);
      break;
    case "num":
      break;
  }
  return out;
}

const cache = new Map<string, Expr>();
/** Parse with a small cache (formulas repeat across a portfolio). */
export function compile(src: string): Expr {
  let e = cache.get(src);
  if (!e) {
    e = parseExpression(src);
    if (cache.size > 1000) cache.clear();
    cache.set(src, e);
  }
  return e;
}

/** Evaluate to a number; booleans become 1/0. */
export function evaluateNumber(src: string, scope: Scope): Decimal {
  const v = evaluate(compile(src), scope);
  return typeof v === "boolean" ? (v ? ONE : ZERO) : v;
}
