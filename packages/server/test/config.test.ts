/** Configuration is validated once at start-up, with messages a person can act on (exit 2, no stack trace). */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ConfigError, loadConfig } from "../src/index.js";
import { jixiao } from "./processes.js";

const dir = mkdtempSync(join(tmpdir(), "jixiao-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("defaults: port 3000 on 127.0.0.1, ./data, SQLite", () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, "127.0.0.1");
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dataDir, /data$/);
});

test("environment over file; each bad value named by its variable with what was expected", () => {
  const file = join(dir, "jixiao.json");
  writeFileSync(file, JSON.stringify({ port: 4000, sessionHours: 8 }));
  const c = loadConfig({ JIXIAO_CONFIG: file, PORT: "5000" });
  assert.equal(c.port, 5000);
  assert.equal(c.sessionHours, 8);
  assert.throws(
    () => loadConfig({ PORT: "abc", DATABASE_URL: "not a url", LOG_LEVEL: "loud" }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^配置无效 \/ invalid configuration:/);
      assert.match(err.message, /PORT: /);
      assert.match(err.message, /DATABASE_URL: /);
      assert.match(err.message, /LOG_LEVEL: /);
      return true;
    },
  );
  writeFileSync(file, "{ not json");
  assert.throws(() => loadConfig({ JIXIAO_CONFIG: file }), /配置文件 .*jixiao\.json 无法读取或不是 JSON/);
  writeFileSync(file, JSON.stringify({ colour: "red" }));
  assert.throws(() => loadConfig({ JIXIAO_CONFIG: file }), /colour/);
});

test("jixiao serve with a bad setting exits 2 with the message and no stack trace", () => {
  const r = jixiao(["serve"], { ...process.env, PORT: "70000", JIXIAO_DATA_DIR: dir, DATABASE_URL: "" });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /PORT: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
