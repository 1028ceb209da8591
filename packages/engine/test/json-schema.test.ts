import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { evaluationJsonSchema } from "../../../scripts/json-schema.js";

const committed = readFileSync(new URL("../../../schema/evaluation.schema.json", import.meta.url), "utf8");

test("schema/evaluation.schema.json is generated from the model and up to date (npm run schema)", () => {
  assert.equal(committed, evaluationJsonSchema());
});

test("the published JSON Schema accepts the Yangquan example and rejects an unknown field", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(committed));
  const doc = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8"));
  assert.equal(validate(doc), true, JSON.stringify(validate.errors));
  assert.equal(validate({ ...doc, extra: 1 }), false);
});
