/**
 * Hostile input through the real HTTP server, on both databases (issue 10, holes 1–3 and the
 * input half of 6): every path, key, index, sheet dimension, zip entry, CSV row, YAML key and
 * alias from a request is bounded before it is walked. Each probe answers 4xx quickly, naming
 * the field, and the server keeps serving (logins work, anonymous requests stay 401, /healthz
 * answers within a second while a hostile upload is being read).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { sparseWorkbook, zipBomb } from "../../exchange/test/hostile-files.js";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

forEachDatabase("Hostile input", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let depta: Client;
  let id: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    depta = await login(app, "depta");
    const r = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    id = r.body.id;
  });
  after(async () => app.close());

  const multipart = (filename: string, data: Uint8Array) => {
    const boundary = "----jixiao-hostile";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      "utf8",
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "utf8");
    return { payload: Buffer.concat([head, Buffer.from(data), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
  };
  const upload = async (filename: string, data: Uint8Array) => {
    const m = multipart(filename, data);
    const t0 = performance.now();
    const r = await app.http.inject({
      method: "POST",
      url: "/api/v1/imports",
      payload: m.payload,
      headers: { "content-type": m.contentType, cookie: depta.cookie, "x-csrf-token": depta.csrf },
    });
    return { status: r.statusCode, body: r.json(), ms: performance.now() - t0 };
  };
  const importFile = async (filename: string, content: string) => {
    const t0 = performance.now();
    const r = await depta.req("POST", "/api/v1/evaluations/import", { organisationId: world.orgs.deptA, filename, content });
    return { ...r, ms: performance.now() - t0 };
  };

  const version = async () => (await depta.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;
  const patch = async (path: unknown[], value: unknown) =>
    depta.req("PATCH", `/api/v1/evaluations/${id}`, {
      version: await version(),
      changes: [
        { path: ["meta", "title"], value: "阳泉" },
        { path, value },
      ],
    });

  /** The server still answers as it should: a login works, no cookie is 401, no object is polluted. */
  const stillSane = async () => {
    assert.equal(({} as Record<string, unknown>)["x"], undefined);
    assert.equal(({} as Record<string, unknown>)["user"], undefined);
    assert.ok(await login(app, "deptb"));
    const anon = await app.http.inject({ url: "/api/v1/evaluations" });
    assert.equal(anon.statusCode, 401);
    const anonSession = await app.http.inject({ url: "/api/v1/session" });
    assert.equal(anonSession.statusCode, 401);
  };

  test("hole 1: PATCH paths through __proto__ / constructor / prototype are 400 naming the change and segment; nothing is polluted", async () => {
    const probes: Array<[unknown[], unknown, string]> = [
      [["__proto__", "x"], 1, "body.changes[1].path[0]"],
      [
        ["indicators", 0, "evidence", "__proto__", "user"],
        { id: "x", role: "finance_admin", organisation_id: null, disabled: 0 },
        "body.changes[1].path[3]",
      ],
      [["meta", "constructor", "prototype", "user"], { role: "finance_admin" }, "body.changes[1].path[1]"],
      [["indicators", "prototype"], 1, "body.changes[1].path[1]"],
    ];
    for (const [path, value, field] of probes) {
      const r = await patch(path, value);
      assert.equal(r.status, 400, `${JSON.stringify(path)}: ${JSON.stringify(r.body)}`);
      const f = r.body.error.fields.find((x: { path: string }) => x.path === field);
      assert.ok(f, `${JSON.stringify(path)} names ${field}: ${JSON.stringify(r.body.error.fields)}`);
      assert.match(f.message.en, /is not allowed/);
      assert.match(f.message.zh, /不允许/);
      await stillSane();
    }
    // A key of the value itself (JSON allows "constructor"; the document schema does not).
    // (Fastify's JSON parser already refuses "__proto__" and "constructor.prototype" keys.)
    for (const [value, field] of [
      [[{ constructor: 1 }], "body.changes[1].value[0].constructor"],
      [{ a: { prototype: { user: 1 } } }, "body.changes[1].value.a.prototype"],
    ] as const) {
      const r = await patch(["indicators", 0, "evidence"], value);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.fields[0].path, field);
      assert.match(r.body.error.fields[0].message.zh, /不允许/);
    }
    await stillSane();
  });

  test("hole 2: PATCH at index 10,000,000 or 1,000,000 is 400 (bound to the list's length), fast and without allocating", async () => {
    for (const index of [10_000_000, 1_000_000, 5]) {
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      const r = await patch(["indicators", index, "score"], 1);
      const ms = performance.now() - t0;
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.code, "bad-path");
      assert.equal(r.body.error.fields[0].path, "body.changes[1].path[1]");
      assert.match(r.body.error.fields[0].message.en, /index out of range \(the list has 4 item/);
      assert.match(r.body.error.fields[0].message.zh, /序号超出范围/);
      console.log(`# index ${index}: ${r.status} in ${Math.round(ms)} ms`);
      assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024);
    }
    // A text key into a list ("length" would resize it), an index into an object, a step through a scalar.
    for (const [path, field] of [
      [["indicators", "length"], "body.changes[1].path[1]"],
      [["meta", 0], "body.changes[1].path[1]"],
      [["meta", "title", "x"], "body.changes[1].path[2]"],
    ] as const) {
      const r = await patch([...path], 5);
      assert.equal(r.status, 400, `${JSON.stringify(path)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.fields[0].path, field);
    }
    // Appending at the length still works, and deleting with null.
    const figures = ((await depta.req("GET", `/api/v1/evaluations/${id}`)).body.document.figures ?? []) as unknown[];
    const ok = await patch(["figures", figures.length], { id: "appended", label: "追加", printed: "1" });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const del = await patch(["figures", figures.length], null);
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.equal((del.body.document.figures ?? []).length, figures.length);
  });

  test("input half of hole 6: a body nested 100,000 deep is 400 naming the field, never a 500", async () => {
    let deep = "1";
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
    const body = `{"version":${await version()},"changes":[{"path":["meta","title"],"value":${deep}}]}`;
    const r = await app.http.inject({
      method: "PATCH",
      url: `/api/v1/evaluations/${id}`,
      payload: body,
      headers: { "content-type": "application/json", cookie: depta.cookie, "x-csrf-token": depta.csrf },
    });
    assert.equal(r.statusCode, 400, r.body);
    const e = r.json().error;
    assert.match(e.fields[0].path, /^body\.changes\[0\]\.value(\[0\]){64}$/);
    assert.match(e.fields[0].message.zh, /嵌套过深/);
    const put = await app.http.inject({
      method: "PUT",
      url: `/api/v1/evaluations/${id}`,
      payload: `{"version":1,"document":${deep}}`,
      headers: { "content-type": "application/json", cookie: depta.cookie, "x-csrf-token": depta.csrf },
    });
    assert.equal(put.statusCode, 400, put.body);
    await stillSane();
  });

  test("hole 2: a 6 KB sheet reaching row 20,000 × column 2,000, a zip bomb and 9 MB of newlines are 422 naming the cell or file, quickly", async () => {
    const probes: Array<[string, Uint8Array, string, RegExp]> = [
      ["sparse.xlsx", await sparseWorkbook(), "评分表!BXX20000", /工作表“评分表”过大/],
      ["bomb.xlsx", await zipBomb(), "bomb.xlsx", /解压后超过 50 MB/],
      ["newlines.csv", new Uint8Array(9 * 1024 * 1024).fill(0x0a), "newlines!A20001", /20001 行（最多 20000 行）/],
    ];
    for (const [name, data, where, zh] of probes) {
      const before = process.memoryUsage().rss;
      const r = await upload(name, data);
      assert.equal(r.status, 422, `${name}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.fields[0].path, where);
      assert.match(r.body.error.fields[0].message.zh, zh);
      console.log(
        `# ${name} (${data.length} bytes): ${r.status} in ${Math.round(r.ms)} ms, main-thread RSS +${Math.round((process.memoryUsage().rss - before) / 1024 / 1024)} MB`,
      );
    }
    await stillSane();
  });

  test("hole 3 and 6: 40,000 YAML keys, billion laughs, a __proto__ key, deep nesting — each a 400 naming line:column, quickly", async () => {
    let keys = "";
    for (let i = 0; i < 40_000; i++) keys += `k${i}: ${i}\n`;
    let laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++)
      laughs += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(",")}]\n`;
    let many = "";
    for (let i = 0; i < 300_000; i++) many += `k${i}: ${i}\n`;
    const probes: Array<[string, string, RegExp]> = [
      ["keys.yaml", keys, /keys\.yaml:1:1 .*at most 5000 keys in one mapping \(this one has 40000\)/],
      ["many.yaml", many, /many\.yaml:1:1 the file is too large: at most 2000000 characters/],
      ["laughs.yaml", laughs, /laughs\.yaml:2:\d+ aliases \(\*references\) expand too often/],
      [
        "proto.yaml",
        "schemaVersion: 1\nmeta:\n  __proto__:\n    user: 1\n",
        /proto\.yaml:3:3 meta\.__proto__: the key "__proto__" is not allowed/,
      ],
      ["deep.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, /deep\.json:1:1 the file is too large: at most 64 levels of nesting/],
    ];
    for (const [name, content, en] of probes) {
      const r = await importFile(name, content);
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body).slice(0, 500)}`);
      assert.equal(r.body.error.code, "invalid-file");
      assert.match(r.body.error.fields[0].message.en, en);
      assert.match(r.body.error.fields[0].message.zh, new RegExp(`^${name.replace(".", "\\.")}:`));
      console.log(`# ${name} (${content.length} chars): ${r.status} in ${Math.round(r.ms)} ms`);
    }
    await stillSane();
  });

  test("hole 6: a truncated multipart body is 400, not a 500", async () => {
    const m = multipart("评分表.csv", new TextEncoder().encode("一级指标,分值\n决策,20\n"));
    const cut = m.payload.subarray(0, m.payload.length - 30);
    const r = await app.http.inject({
      method: "POST",
      url: "/api/v1/imports",
      payload: cut,
      headers: { "content-type": m.contentType, cookie: depta.cookie, "x-csrf-token": depta.csrf },
    });
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body}`);
    assert.equal(r.statusCode, 400, r.body);
    assert.ok(r.json().error.message.zh);
    await stillSane();
  });

  test("hole 3: /healthz answers within a second while hostile uploads are being read", async () => {
    await app.http.listen({ port: 0, host: "127.0.0.1" });
    const address = app.http.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const headers = { cookie: depta.cookie, "x-csrf-token": depta.csrf };
    let keys = "";
    for (let i = 0; i < 45_000; i++) keys += `k${i}: ${i}\n`;
    const wide = `${Array.from({ length: 8_000 }, (_, i) => `指标${i},${"1,".repeat(40)}x`).join("\n")}\n`;
    const m = multipart("wide.csv", new TextEncoder().encode(wide));
    const imports = [
      fetch(`${base}/api/v1/evaluations/import`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ organisationId: world.orgs.deptA, filename: "keys.yaml", content: keys }),
      }),
      fetch(`${base}/api/v1/imports`, { method: "POST", headers: { ...headers, "content-type": m.contentType }, body: m.payload }),
    ];
    const slowest: number[] = [];
    let done = false;
    void Promise.all(imports).then(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      const h = await fetch(`${base}/healthz`);
      slowest.push(performance.now() - t0);
      assert.equal(h.status, 200);
      await new Promise((r) => setTimeout(r, 20));
    }
    const answers = await Promise.all(imports);
    assert.ok(
      answers.every((a) => a.status >= 400 && a.status < 500),
      answers.map((a) => a.status).join(","),
    );
    const worst = Math.max(...slowest);
    console.log(`# /healthz during hostile imports: ${slowest.length} answers, slowest ${Math.round(worst)} ms`);
  });
});
