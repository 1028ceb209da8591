/**
 * The examples in docs/evaluation-format.md are part of the test suite.
 *
 *  - A ```yaml block starting with `schemaVersion: 1` is a complete example: it must load,
 *    score and check with no diagnostic of severity "error"; the results the doc states for it
 *    are asserted below (keyed by meta.title).
 *  - Any other ```yaml block is a fragment: it must parse as YAML; when it is a mapping it is
 *    completed with `schemaVersion`, `meta` (and a one-line indicator tree when it has none)
 *    and must load, score and check with no error — unless its first line reads
 *    "# … → <code>", in which case the check must report <code>.
 *  - A ```yaml block that contains `schemaVersion: 1` below a first comment line is a bad file:
 *    it must fail to load, and every error it gives must be printed in the doc verbatim.
 *  - A ```json block with `schemaVersion` is a complete example in JSON.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import {
  DEFAULT_FINDING_THRESHOLDS,
  STANDARD_FORMULAS,
  type Diagnostic,
  type Evaluation,
  type ScoreResult,
  checkEvaluation,
  formatLoadError,
  loadEvaluation,
  scoreEvaluation,
  suggestFindings,
} from "../src/index.js";

const DOC = readFileSync(new URL("../../../docs/evaluation-format.md", import.meta.url), "utf8");
const JSON_SCHEMA = JSON.parse(readFileSync(new URL("../../../schema/evaluation.schema.json", import.meta.url), "utf8")) as object;
const MESSAGES_SOURCE = readFileSync(new URL("../src/messages.ts", import.meta.url), "utf8");

interface Block {
  lang: string;
  text: string;
  /** Line of the opening fence (1-based), for test names. */
  line: number;
}

function fencedBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  let open: { lang: string; line: number; body: string[] } | undefined;
  md.split("\n").forEach((line, i) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ lang: open.lang, text: open.body.join("\n") + "\n", line: open.line });
        open = undefined;
      } else {
        open.body.push(line);
      }
      return;
    }
    const m = /^```(\S*)\s*$/.exec(line);
    if (m) open = { lang: m[1] ?? "", line: i + 1, body: [] };
  });
  assert.equal(open, undefined, "a code fence is not closed");
  return blocks;
}

const blocks = fencedBlocks(DOC);
const yamlBlocks = blocks.filter((b) => b.lang === "yaml");
const complete = yamlBlocks.filter((b) => b.text.startsWith("schemaVersion: 1\n"));
const badFiles = yamlBlocks.filter((b) => !b.text.startsWith("schemaVersion: 1\n") && /^schemaVersion: 1$/m.test(b.text));
const fragments = yamlBlocks.filter((b) => !complete.includes(b) && !badFiles.includes(b));
const jsonExamples = blocks.filter((b) => b.lang === "json" && b.text.includes('"schemaVersion"'));

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateJsonSchema = ajv.compile(JSON_SCHEMA);

const errorsOf = (diags: readonly Diagnostic[]): string =>
  JSON.stringify(diags.filter((d) => d.severity === "error").map((d) => ({ code: d.code, path: d.path, message: d.message.zh })));

function loadOk(text: string, file: string): Evaluation {
  const r = loadEvaluation(text, file);
  if (!r.ok) assert.fail(`${file} does not load:\n${r.errors.map((e) => formatLoadError(e, "en")).join("\n")}`);
  return r.evaluation;
}

/** What the doc says each complete example comes to. */
interface Expected {
  total?: string;
  grade?: string;
  /** Node (by id or positional id) → score with 2 decimals. */
  scores?: Record<string, string>;
  /** Node → ordinal grade (PEFA). */
  grades?: Record<string, string>;
  notApplicable?: string[];
  /** Suggested finding rules, in order. */
  findings?: string[];
}

const EXPECTED: Record<string, Expected> = {
  某区2024年老年助餐服务补助项目绩效评价: {
    total: "94.50",
    grade: "优",
    scores: { "1": "18.00", "2": "17.50", "3": "39.00", "3.1": "19.00", "3.2": "20.00", "4": "20.00" },
  },
  某市人力资源和社会保障局2023年度部门整体支出绩效评价: {
    total: "86.71",
    grade: "良",
    scores: {
      A1: "5.00",
      A2: "3.00",
      A3: "3.50",
      A: "11.50",
      B1: "9.00",
      B2: "3.33",
      B3: "7.00",
      B: "19.33",
      C11: "9.25",
      C12: "5.00",
      C1: "14.25",
      C21: "9.46",
      C: "28.45",
      D1: "9.38",
      D2: "4.75",
      D3: "9.00",
      D4: "4.30",
      D: "27.43",
    },
    notApplicable: ["C3"],
  },
  某县教育局2023年度部门整体支出绩效评价报告: {
    total: "88.74",
    grade: "良",
    scores: {
      A: "13.50",
      B1: "4.92",
      B2: "5.00",
      B3: "5.00",
      B4: "4.77",
      B5: "4.55",
      B: "24.24",
      C: "22.80",
      D1: "9.00",
      D2: "10.00",
      D3: "9.20",
      D: "28.20",
    },
    findings: ["staff/vacancy", "budget/adjustment", "score/level1-low", "outcome/below-target", "external/missed"],
  },
  "某省公共财政管理绩效评估（PEFA 2016，节选）": {
    grades: { "PI-1": "B", "PI-2": "C+", "PI-2.3": "NA", "PI-17": "B", "PI-17.3": "D*", "PI-18": "D+" },
  },
  "Youth Job Training Grants — PART assessment FY2024": {
    total: "70.89",
    grade: "Moderately Effective",
    scores: { S1: "15.00", S2: "7.50", S3: "15.00", "3.2": "3.35", "3.4": "1.65", S4: "33.39", "4.1": "8.38", "4.3": "4.13" },
  },
  "Adult Literacy Grants — PART assessment FY2024": {
    total: "84.00",
    grade: "Results Not Demonstrated",
  },
  某项目2024年度绩效自评: { total: "95.00", grade: "优", scores: { "1": "45.00", "2": "50.00" } },
};

function assertExpected(e: Evaluation, s: ScoreResult): void {
  const x = EXPECTED[e.meta.title];
  if (!x) return;
  if (x.total !== undefined) assert.equal(s.total?.toFixed(2), x.total, "total");
  else assert.equal(s.total, undefined, "no total");
  if (x.grade !== undefined) assert.equal(s.grade, x.grade, "grade");
  for (const [id, score] of Object.entries(x.scores ?? {})) assert.equal(s.byId.get(id)?.score?.toFixed(2), score, `score of ${id}`);
  for (const [id, grade] of Object.entries(x.grades ?? {})) assert.equal(s.byId.get(id)?.grade, grade, `grade of ${id}`);
  for (const id of x.notApplicable ?? []) assert.equal(s.byId.get(id)?.notApplicable, true, `${id} not applicable`);
  if (x.findings)
    assert.deepEqual(
      suggestFindings(e, s).map((f) => f.rule),
      x.findings,
    );
}

test("the doc has at least 4 complete examples, and every stated result belongs to one", () => {
  assert.ok(complete.length >= 4, `only ${complete.length} complete examples`);
  const titles = new Set([...complete, ...jsonExamples].map((b) => String((parse(b.text) as { meta?: { title?: unknown } }).meta?.title)));
  for (const title of Object.keys(EXPECTED)) assert.ok(titles.has(title), `no complete example titled ${title}`);
  assert.ok(fragments.length >= 20, `only ${fragments.length} fragments`);
});

for (const b of complete) {
  const title = String((parse(b.text) as { meta?: { title?: unknown } }).meta?.title);
  test(`complete example (line ${b.line}): ${title}`, () => {
    const e = loadOk(b.text, `docs-example-${b.line}.yaml`);
    const s = scoreEvaluation(e);
    const diags = checkEvaluation(e, s);
    assert.equal(diags.filter((d) => d.severity === "error").length, 0, errorsOf(diags));
    assertExpected(e, s);
    assert.equal(validateJsonSchema(parse(b.text)), true, JSON.stringify(validateJsonSchema.errors));
  });
}

for (const b of jsonExamples) {
  test(`JSON example (line ${b.line})`, () => {
    const e = loadOk(b.text, `docs-example-${b.line}.json`);
    const s = scoreEvaluation(e);
    const diags = checkEvaluation(e, s);
    assert.equal(diags.filter((d) => d.severity === "error").length, 0, errorsOf(diags));
    assertExpected(e, s);
    assert.equal(validateJsonSchema(JSON.parse(b.text)), true, JSON.stringify(validateJsonSchema.errors));
  });
}

const FRAGMENT_META = { title: "文档片段", kind: "项目支出", fiscalYear: 2024, subject: "示例单位", evaluationType: "单位自评" };
const FRAGMENT_TREE = [{ name: "综合", weight: 100, score: 100 }];

for (const b of fragments) {
  const firstKey =
    b.text
      .split("\n")
      .find((l) => /^[A-Za-z]/.test(l))
      ?.replace(/:.*$/, "") ?? "?";
  test(`fragment (line ${b.line}): ${firstKey}`, () => {
    const doc: unknown = parse(b.text);
    assert.ok(doc !== null && typeof doc === "object" && !Array.isArray(doc), "a fragment is a mapping of top-level fields");
    const merged = { schemaVersion: 1, meta: FRAGMENT_META, indicators: FRAGMENT_TREE, ...(doc as Record<string, unknown>) };
    const e = loadOk(JSON.stringify(merged), `docs-fragment-${b.line}.json`);
    const s = scoreEvaluation(e);
    const diags = checkEvaluation(e, s);
    const expect = /^#.*→\s*([a-z]+\/[a-z0-9-]+)/.exec(b.text.split("\n")[0] ?? "")?.[1];
    if (expect)
      assert.ok(
        diags.some((d) => d.code === expect),
        `expected ${expect}, got ${JSON.stringify(diags.map((d) => d.code))}`,
      );
    else assert.equal(diags.filter((d) => d.severity === "error").length, 0, errorsOf(diags));
    assert.equal(validateJsonSchema(merged), true, JSON.stringify(validateJsonSchema.errors));
  });
}

test("every ```yaml block parses as YAML", () => {
  for (const b of yamlBlocks) assert.doesNotThrow(() => parse(b.text), `line ${b.line}`);
});

for (const b of badFiles) {
  test(`bad file (line ${b.line}): the errors the doc prints are the loader's`, () => {
    const r = loadEvaluation(b.text, "bad.yaml");
    assert.equal(r.ok, false);
    if (r.ok) return;
    for (const err of r.errors) {
      for (const lang of ["zh", "en"] as const) {
        const line = formatLoadError(err, lang);
        assert.ok(DOC.includes(line), `the doc does not print: ${line}`);
      }
    }
  });
}

test("the doc lists every message code, standard formula and finding threshold", () => {
  const codes = [...MESSAGES_SOURCE.matchAll(/^\s+"([a-z]+\/[a-z0-9-]+)":/gm)].map((m) => m[1]!);
  assert.ok(codes.length > 30);
  for (const code of codes) assert.ok(DOC.includes(`| \`${code}\``) || DOC.includes(`\`${code}\`,`), `code ${code} is not in a table`);
  for (const f of STANDARD_FORMULAS) {
    assert.ok(
      DOC.includes(`| \`${f.id}\` | ${f.name} | ${f.scope} | \`${f.expression}\` | ${f.target ? `\`${f.target}\`` : "—"} |`),
      `formula ${f.id}`,
    );
  }
  for (const [field, value] of Object.entries(DEFAULT_FINDING_THRESHOLDS)) {
    const shown = typeof value === "boolean" ? String(value) : (value as { toFixed(): string }).toFixed();
    assert.match(DOC, new RegExp(`\\| \`${field}\` \\| \`${shown}\` \\|`), `finding threshold ${field}`);
  }
});
