/** Domain errors carry no HTTP; http.ts maps each kind to its status and the one body shape. */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  conflict,
  field,
  forbidden,
  invalid,
  invalidTransition,
  notFound,
  rateLimited,
  staleVersion,
  tooLarge,
  unauthenticated,
  unavailable,
  unprocessable,
} from "../src/errors.js";
import { errorResponse } from "../src/http.js";
import { MESSAGE_KEYS, message } from "../src/messages.js";

test("each kind of domain error has its HTTP status, code and body", () => {
  const cases = [
    [invalid("no-file"), 400, "no-file"],
    [unauthenticated(), 401, "unauthenticated"],
    [unauthenticated("bad-credentials"), 401, "bad-credentials"],
    [forbidden(), 403, "forbidden"],
    [forbidden("bad-credentials/current-password"), 403, "bad-credentials"],
    [notFound("thing/evaluation"), 404, "not-found"],
    [conflict("username-taken", { username: "bob" }), 409, "username-taken"],
    [staleVersion(7), 409, "version-conflict"],
    [invalidTransition("invalid-transition/none", { from: "x", action: "y" }), 409, "invalid-transition"],
    [tooLarge("body-too-large"), 413, "body-too-large"],
    [unprocessable("invalid-document/export"), 422, "invalid-document"],
    [rateLimited("login-throttled/seconds", { n: 5 }, 5), 429, "login-throttled"],
    [unavailable("busy", {}, 5), 503, "busy"],
  ] as const;
  for (const [err, status, code] of cases) {
    const r = errorResponse(err);
    assert.equal(r.status, status, code);
    assert.equal(r.body.error.code, code);
    assert.deepEqual(Object.keys(r.body.error).slice(0, 2), ["code", "message"]);
    assert.ok(r.body.error.message.zh && r.body.error.message.en);
  }
});

test("the body: fields only when given, currentVersion for a stale version, retry-after as a header", () => {
  assert.deepEqual(errorResponse(notFound("thing/evaluation")).body, {
    error: { code: "not-found", message: { zh: "评价不存在或无权访问", en: "evaluation not found" } },
  });
  assert.deepEqual(errorResponse(staleVersion(3)).body.error, {
    code: "version-conflict",
    message: {
      zh: "他人已先保存（当前版本 3），请查看差异后再保存",
      en: "someone saved first (current version 3); review the changes and save again",
    },
    currentVersion: 3,
  });
  const withFields = errorResponse(invalid("reason-required", { action: { zh: "退回", en: "Return" } }, [field("reason", "field/reason")]));
  assert.deepEqual(withFields.body.error, {
    code: "reason-required",
    message: { zh: "退回须填写原因", en: "Return needs a reason" },
    fields: [{ path: "reason", message: { zh: "请填写原因", en: "a reason is required" } }],
  });
  assert.deepEqual(errorResponse(invalid("missing-value", {}, [])).body.error.fields, [], "an empty list is still sent");
  assert.deepEqual(errorResponse(rateLimited("login-throttled/minutes", { n: 3 }, 150)).headers, { "retry-after": "150" });
  assert.deepEqual(errorResponse(forbidden()).headers, {});
});

test("message parameters: bilingual values per language, lists joined per language", () => {
  assert.deepEqual(message("field/template-ids", { ids: ["a", "b"] }), {
    zh: "可用：a、b，或已保存模板的 id",
    en: "one of: a, b, or a saved template's id",
  });
  assert.deepEqual(
    message("field/parent-kinds", {
      kinds: [
        { zh: "地区", en: "region" },
        { zh: "部门", en: "department" },
      ],
    }),
    { zh: "应设在：地区、部门之下", en: "belongs under: region, department" },
  );
});

test("every catalogue entry has both languages, and English has no Chinese", () => {
  for (const key of MESSAGE_KEYS) {
    const m = message(key);
    assert.ok(m.zh.length > 0 && m.en.length > 0, key);
    assert.doesNotMatch(m.en, /[\u4e00-\u9fff]/, key);
  }
});

test("services, the policy, the parse pool and the constraint mapper name no HTTP status", () => {
  const dirs = ["services", "workers", "db"].map((d) => new URL(`../src/${d}/`, import.meta.url).pathname);
  const files = [...dirs.flatMap((d) => readdirSync(d).map((f) => join(d, f))), new URL("../src/policy.ts", import.meta.url).pathname];
  for (const file of files.filter((f) => f.endsWith(".ts"))) {
    // Comments may say which status a refusal becomes; the code may not choose one.
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const found = /\b(?:40\d|41\d|42\d|50\d)\b/.exec(code);
    assert.equal(found, null, `${file}: ${found?.[0]}`);
  }
});
