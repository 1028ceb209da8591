/**
 * The endpoint table (@jixiao/api's ENDPOINTS) and the server agree: every route the server
 * registers under /api/v1 is in the table and every entry is registered, with the table's
 * method, path and schemas; every endpoint declares a response for its success status; the
 * policy actions it names exist; and a response encoded with its schema loses no field.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { API_PREFIX, ENDPOINTS, ENDPOINT_NAMES, type Endpoint, ReportFormat, isFileResponse } from "@jixiao/api";
import { REPORT_FORMATS } from "@jixiao/reports";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { parse } from "yaml";
import * as z from "zod";
import { MATRIX } from "../src/policy.js";
import { registerRoutes } from "../src/routes/routes.js";
import { principalOf } from "../src/services/auth-service.js";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

/** "/evaluations/:id/explain/:node" → "/evaluations/{id}/explain/{node}" (OpenAPI's form). */
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, "{$1}");
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const TABLE = new Set(ENDPOINT_NAMES.map((n) => key(ENDPOINTS[n].method, API_PREFIX + ENDPOINTS[n].path)));

forEachDatabase("endpoint table", (target) => {
  let app: App;
  let admin: Client;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
  });
  after(async () => app.close());

  test("registerRoutes registers exactly the table: every entry once, nothing else", async () => {
    const bare = Fastify({ logger: false });
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    const seen: string[] = [];
    bare.addHook("onRoute", (r) => {
      for (const m of [r.method].flat()) if (m !== "HEAD") seen.push(key(m, r.url));
    });
    registerRoutes(bare, app.services, () => false);
    await bare.ready();
    assert.deepEqual([...seen].sort(), [...TABLE].sort());
    assert.equal(new Set(seen).size, seen.length, "no route registered twice");
    await bare.close();
  });

  test("the running server: every table entry is a route, and every /api/v1 operation in the OpenAPI document is in the table", async () => {
    for (const n of ENDPOINT_NAMES) {
      const e = ENDPOINTS[n];
      assert.ok(app.http.hasRoute({ method: e.method, url: API_PREFIX + e.path }), `${n}: ${e.method} ${e.path} is not registered`);
    }
    const spec = (await app.http.inject({ url: "/api/docs/json" })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; tags?: string[]; summary?: string }>>;
    };
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths))
      for (const method of Object.keys(ops)) if (path.startsWith(API_PREFIX) && method !== "head") documented.add(key(method, path));
    assert.deepEqual([...documented].sort(), [...TABLE].map((k) => openApiPath(k)).sort());
    // … each with the table's summary, tags and a described success response.
    for (const n of ENDPOINT_NAMES) {
      const e: Endpoint = ENDPOINTS[n];
      const op = spec.paths[openApiPath(API_PREFIX + e.path)]![e.method.toLowerCase()]!;
      assert.equal(op.summary, e.summary, n);
      assert.deepEqual(op.tags, [...e.tags], n);
      assert.ok(op.responses[String(e.status)], `${n}: no ${e.status} response in the OpenAPI document`);
      for (const s of e.errors) assert.ok(op.responses[String(s)], `${n}: no ${s} response in the OpenAPI document`);
    }
  });

  test("every endpoint has a real schema for its success status (no z.unknown() bodies) and names existing policy actions", () => {
    for (const n of ENDPOINT_NAMES) {
      const e: Endpoint = ENDPOINTS[n];
      assert.match(n, /^[a-z]+\.[a-zA-Z]+$/, `${n}: names are resource.operation`);
      assert.ok(/[\u4e00-\u9fff]/.test(e.summary) && /[A-Za-z]{3}/.test(e.summary), `${n}: the summary says it in Chinese and English`);
      if (isFileResponse(e.response)) {
        assert.ok(Object.keys(e.response.file).length > 0, `${n}: a download names its media types`);
        // A link, or the answer to an uploaded file (批量审核: a .zip in, the summary out).
        assert.equal(e.method, e.upload ? "POST" : "GET", `${n}: downloads are GETs (links), or POSTs answering their upload`);
      } else {
        assert.ok(!(e.response instanceof z.ZodUnknown) && !(e.response instanceof z.ZodAny), `${n}: the response has no schema`);
        if (e.status === 204) assert.ok(e.response instanceof z.ZodNull, `${n}: 204 carries nothing`);
      }
      for (const a of e.actions) assert.ok(a in MATRIX, `${n}: unknown policy action ${a}`);
      assert.ok(!e.errors.includes(e.status as never));
    }
  });

  test("the report formats of the table are the reports package's", () => {
    assert.deepEqual([...ReportFormat.options], [...REPORT_FORMATS]);
  });

  test("scores, checks and explanations answer every field the service builds (the schema drops nothing)", async () => {
    const created = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const principal = principalOf(
      await app.store.db.selectFrom("users").selectAll().where("id", "=", world.users.admin).executeTakeFirstOrThrow(),
    );
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const score = await admin.req("GET", `/api/v1/evaluations/${id}/score`);
    assert.equal(score.status, 200);
    assert.equal(score.body.total, "85.73");
    assert.deepEqual(score.body, plain(await app.services.evaluations.score(principal, id, "zh")));
    const check = await admin.req("GET", `/api/v1/evaluations/${id}/check`);
    assert.equal(check.status, 200);
    assert.deepEqual(check.body, plain(await app.services.evaluations.check(principal, id)));
    const explain = await admin.req("GET", `/api/v1/evaluations/${id}/explain/A?lang=en`);
    assert.equal(explain.status, 200);
    assert.deepEqual(explain.body, plain(await app.services.evaluations.explain(principal, id, "A", "en")));
    const revision = await admin.req("GET", `/api/v1/evaluations/${id}/revisions/1`);
    assert.deepEqual(revision.body, plain(await app.services.evaluations.revision(principal, id, 1)));
    const audit = await admin.req("GET", `/api/v1/evaluations/${id}/audit`);
    assert.equal(audit.status, 200);
    assert.equal(audit.body[0].user, "admin");
  });

  test("downloads: the JSON export is the document as a file, with its name", async () => {
    const created = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: YANGQUAN });
    const r = await app.http.inject({ url: `/api/v1/evaluations/${created.body.id}/export`, headers: { cookie: admin.cookie } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    assert.match(String(r.headers["content-disposition"]), /^attachment; filename="[^"]*\.json"; filename\*=UTF-8''/);
    assert.deepEqual(r.json(), created.body.document);
    const x = await app.http.inject({
      url: `/api/v1/evaluations/${created.body.id}/export?format=xlsx`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(x.statusCode, 200);
    assert.equal(x.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.equal(x.rawPayload.subarray(0, 2).toString(), "PK");
  });
});
