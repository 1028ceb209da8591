/** The upload parser pool's backstop: a task over its time limit is 413 and the pool keeps working. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DomainError } from "../src/errors.js";
import { errorResponse } from "../src/http.js";
import { ParsePool } from "../src/workers/parse-pool.js";

test("a read over the time limit terminates its worker with 413; the next read gets a fresh worker", async () => {
  const slow = new ParsePool({ workers: 1, timeoutMs: 1 });
  let keys = "";
  for (let i = 0; i < 4_000; i++) keys += `k${i}: ${i}\n`;
  await assert.rejects(
    slow.run({ kind: "load", text: keys, filename: "slow.yaml" }),
    (err: unknown) =>
      err instanceof DomainError &&
      err.kind === "too-large" &&
      errorResponse(err).status === 413 &&
      /slow\.yaml is too large or too slow/.test(err.text.en) &&
      /过大或读取过慢/.test(err.text.zh),
  );
  await slow.close();
  const pool = new ParsePool({ workers: 1 });
  const r = await pool.run({ kind: "load", text: "schemaVersion: 1\nmeta:\n  __proto__: {}\n", filename: "p.yaml" });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.errors[0]!.code, "file/forbidden-key");
  await pool.close();
});
