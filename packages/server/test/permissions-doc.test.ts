/** docs/permissions.md is what the policy says: regenerate it with `npm run permissions`. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { permissionsMarkdown } from "../src/permissions-doc.js";
import { STATUS_TABLE } from "../src/policy.js";

test("docs/permissions.md is generated from the policy and up to date (npm run permissions)", () => {
  const committed = readFileSync(new URL("../../../docs/permissions.md", import.meta.url), "utf8");
  assert.equal(committed, permissionsMarkdown(), "docs/permissions.md is stale: run `npm run permissions`");
});

test("the document shows every row of the status table", () => {
  const doc = permissionsMarkdown();
  for (const t of STATUS_TABLE)
    assert.match(doc, new RegExp(`\\| [^|]* ${t.from} \\| [^|]* ${t.action} \\| [^|]* ${t.to} \\|`), `${t.from} ${t.action}`);
});
