/**
 * 绩效公开 and the locks that follow the status, through HTTP on both databases:
 * - a visitor (and the public without an account) reads a published evaluation only as the public
 *   does — the public list and page (exactly the public fields) and the report as HTML or PDF; every
 *   other endpoint of a published or an unpublished evaluation answers as absent, the same answer
 *   as for an evaluation that does not exist (nothing is revealed);
 * - a published evaluation is read-only for everyone and changes only by 更正 with a reason, which
 *   the public page shows as a correction note with its date;
 * - after 提交 the author side cannot edit; 退回修改 re-opens it with who returned it, when and why;
 * - the public without an account is rate-limited by address, and can be turned away by configuration.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { ENDPOINTS, ENDPOINT_NAMES, type EndpointName } from "@jixiao/api";
import { parse } from "yaml";
import type { App } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const SECRET = "内部备注：仅工作底稿可见 INTERNAL-7f3a";
const SUMMARY_KEYS = ["correctedAt", "fiscalYear", "grade", "id", "kind", "organisationName", "publishedAt", "title", "total"];
const PAGE_KEYS = [...SUMMARY_KEYS, "corrections", "level1", "reportFormats"].sort();
const UNPUBLISHED = ["draft", "submitted", "returned", "accepted", "archived"] as const;
type Unpublished = (typeof UNPUBLISHED)[number];
const GHOST = "no-such-evaluation";

/** Every endpoint on one evaluation other than the public ones (the report is checked on its own). */
const WORKING_ENDPOINTS = ENDPOINT_NAMES.filter(
  (n) => ENDPOINTS[n].path.startsWith("/evaluations/:id") && n !== "reports.render" && !n.startsWith("public."),
);

forEachDatabase("public view", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const c = {} as Record<"admin" | "evaluator" | "depta" | "deptb" | "expert" | "visitor", Client>;
  let published: string;
  const unpublished = {} as Record<Unpublished, string>;

  const anon = async (url: string, remoteAddress = "203.0.113.7", a: App = app) => {
    const r = await a.http.inject({ method: "GET", url, remoteAddress });
    let body: any;
    try {
      body = JSON.parse(r.body);
    } catch {
      body = r.body;
    }
    return { status: r.statusCode, body, headers: r.headers, text: r.body };
  };
  const versionOf = async (id: string) => (await c.admin.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;
  const act = async (who: Client, id: string, action: string, reason?: string) => {
    const r = await who.req("POST", `/api/v1/evaluations/${id}/transitions`, { version: await versionOf(id), action, reason });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  };
  const create = async (document: unknown, organisationId = world.orgs.deptA, agencyId: string | null = world.orgs.agency) => {
    const r = await c.admin.req("POST", "/api/v1/evaluations", {
      organisationId,
      ...(agencyId ? { agencyId } : {}),
      ...(document ? { document } : { template: "self-evaluation" }),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 300));
    return r.body.id as string;
  };

  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    for (const who of ["admin", "evaluator", "depta", "deptb", "expert", "visitor"] as const) c[who] = await login(app, who);
    // Yangquan, with an internal note in the working record, published.
    published = await create({ ...YANGQUAN, meta: { ...(YANGQUAN["meta"] as object), note: SECRET } });
    assert.equal(
      (await c.admin.req("PUT", `/api/v1/evaluations/${published}/experts/${world.users.expert}`, { nodeIds: ["A"] })).status,
      204,
    );
    await act(c.evaluator, published, "submit");
    await act(c.admin, published, "accept");
    await act(c.admin, published, "publish");
    const paths: Record<Unpublished, Array<[Client, string, string?]>> = {
      draft: [],
      submitted: [[c.evaluator, "submit"]],
      returned: [
        [c.evaluator, "submit"],
        [c.admin, "return", "请补充佐证材料"],
      ],
      accepted: [
        [c.evaluator, "submit"],
        [c.admin, "accept"],
      ],
      archived: [
        [c.evaluator, "submit"],
        [c.admin, "accept"],
        [c.admin, "publish"],
        [c.admin, "archive"],
      ],
    };
    for (const s of UNPUBLISHED) {
      unpublished[s] = await create(undefined);
      for (const [who, action, reason] of paths[s]) await act(who, unpublished[s], action, reason);
    }
  });
  after(async () => app.close());

  /** A request to `name` on evaluation `id`: path parameters filled, a valid body where we know one. */
  const call = async (who: Client | null, name: EndpointName, id: string) => {
    const e = ENDPOINTS[name];
    const path = e.path.replace(/:([A-Za-z]+)/g, (_, k: string) => (k === "id" ? id : k === "version" ? "1" : k === "node" ? "A" : "x"));
    const query = name === "evaluations.diff" ? "?from=1&to=1" : "";
    const version = 1;
    const bodies: Partial<Record<EndpointName, unknown>> = {
      "evaluations.update": { version, document: YANGQUAN },
      "evaluations.patch": { version, changes: [{ path: ["meta", "note"], value: "x" }] },
      "evaluations.transition": { version, action: "archive", reason: "x" },
      "evaluations.assignExpert": { nodeIds: ["A"] },
      "findings.update": { version, findings: [], recommendations: [] },
    };
    const body = e.method === "GET" ? undefined : (bodies[name] ?? {});
    if (who) return who.req(e.method, `/api/v1${path}${query}`, body);
    const r = await app.http.inject({
      method: e.method,
      url: `/api/v1${path}${query}`,
      payload: body as object,
      remoteAddress: "198.51.100.1",
    });
    return { status: r.statusCode, body: JSON.parse(r.body || "null") as any, headers: r.headers };
  };

  describe("a visitor and the public see no working record", () => {
    test("every non-public endpoint of the published and of every unpublished evaluation: as absent as one that does not exist", async () => {
      assert.ok(WORKING_ENDPOINTS.length >= 12, `found ${WORKING_ENDPOINTS.length} endpoints on one evaluation`);
      for (const name of WORKING_ENDPOINTS) {
        const ghostV = await call(c.visitor, name, GHOST);
        const ghostA = await call(null, name, GHOST);
        for (const [label, id] of [["published", published], ...UNPUBLISHED.map((s) => [s, unpublished[s]] as const)] as const) {
          const v = await call(c.visitor, name, id);
          // A request the schema refuses is refused alike for any id (400 naming the field); any other answer is 404.
          assert.equal(v.status, ghostV.status, `visitor ${name} on ${label}: ${JSON.stringify(v.body).slice(0, 200)}`);
          assert.equal(v.body?.error?.code, ghostV.body?.error?.code, `visitor ${name} on ${label}: same code as absent`);
          assert.ok(v.status === 404 || (v.status === 400 && ghostV.status === 400), `visitor ${name} on ${label}: ${v.status}`);
          if (ENDPOINTS[name].method === "GET" && name !== "evaluations.diff")
            assert.equal(v.status, 404, `visitor GET ${name} on ${label}`);
          const a = await call(null, name, id);
          assert.equal(a.status, ghostA.status, `nobody ${name} on ${label}`);
          assert.ok(a.status === 401 || (a.status === 400 && ghostA.status === 400), `nobody ${name} on ${label}: ${a.status}`);
        }
      }
      // The known writes with valid bodies: 404, not 403 (a 403 would say it exists).
      for (const name of [
        "evaluations.update",
        "evaluations.patch",
        "evaluations.transition",
        "evaluations.assignExpert",
        "findings.update",
      ] as const)
        assert.equal((await call(c.visitor, name, published)).status, 404, `visitor ${name}`);
      // The working list is not the visitor's: the public list is.
      assert.equal((await c.visitor.req("GET", "/api/v1/evaluations")).status, 403);
    });

    test("the report: HTML and PDF of the published evaluation, through the report endpoint and the public one; nothing else", async () => {
      const html = await c.visitor.req("GET", `/api/v1/evaluations/${published}/report?format=html`);
      assert.equal(html.status, 200);
      assert.match(String(html.headers["content-type"]), /^text\/html/);
      assert.ok(String(html.body).includes("85.73"), "the report prints the total");
      assert.equal(String(html.body).includes("INTERNAL-7f3a"), false, "no internal note in the report");
      const pdf = await anon(`/api/v1/public/evaluations/${published}/report?format=pdf`);
      assert.equal(pdf.status, 200, pdf.text.slice(0, 200));
      assert.equal(pdf.headers["content-type"], "application/pdf");
      assert.ok(pdf.text.startsWith("%PDF"), "a PDF");
      const publicHtml = await anon(`/api/v1/public/evaluations/${published}/report?format=html`);
      assert.equal(publicHtml.status, 200);
      assert.equal(publicHtml.text, String(html.body), "the same report, whichever door");
      for (const format of ["docx", "md"]) {
        const r = await c.visitor.req("GET", `/api/v1/evaluations/${published}/report?format=${format}`);
        assert.equal(r.status, 400, `visitor ${format}`);
        assert.equal(r.body.error.code, "public-report-format");
        assert.deepEqual(
          r.body.error.fields.map((f: { path: string }) => f.path),
          ["format"],
        );
        assert.match(r.body.error.message.zh, /HTML 和 PDF/);
        const a = await anon(`/api/v1/public/evaluations/${published}/report?format=${format}`);
        assert.equal(a.status, 400, `nobody ${format}`);
        assert.ok(
          a.body.error.fields.some((f: { path: string }) => f.path.includes("format")),
          JSON.stringify(a.body),
        );
      }
      for (const s of UNPUBLISHED) {
        for (const format of ["html", "pdf", "docx"]) {
          const r = await c.visitor.req("GET", `/api/v1/evaluations/${unpublished[s]}/report?format=${format}`);
          assert.equal(r.status, 404, `visitor ${format} report of ${s}`);
        }
        assert.equal((await anon(`/api/v1/public/evaluations/${unpublished[s]}/report?format=html`)).status, 404, `nobody report of ${s}`);
        assert.equal((await c.admin.req("GET", `/api/v1/public/evaluations/${unpublished[s]}/report?format=html`)).status, 404);
      }
      // Everyone else still has every format of what they may read.
      assert.equal((await c.admin.req("GET", `/api/v1/evaluations/${published}/report?format=md`)).status, 200);
    });
  });

  describe("the public view gives exactly the public fields", () => {
    test("the list: published evaluations only, for every role and for the public", async () => {
      for (const who of [c.admin, c.evaluator, c.depta, c.deptb, c.expert, c.visitor, null]) {
        const r = who ? await who.req("GET", "/api/v1/public/evaluations") : await anon("/api/v1/public/evaluations");
        assert.equal(r.status, 200);
        assert.deepEqual(
          r.body.items.map((i: { id: string }) => i.id),
          [published],
        );
        assert.equal(r.body.count, 1);
        assert.deepEqual(Object.keys(r.body.items[0]).sort(), SUMMARY_KEYS);
        assert.equal(JSON.stringify(r.body).includes("INTERNAL-7f3a"), false);
      }
      const item = (await anon("/api/v1/public/evaluations")).body.items[0];
      assert.equal(item.total, "85.73");
      assert.equal(item.grade, "良");
      assert.equal(item.organisationName, "甲局");
      assert.match(item.publishedAt, /^\d{4}-\d\d-\d\dT/);
      assert.equal(item.correctedAt, null);
      assert.equal((await anon("/api/v1/public/evaluations?year=2020")).body.count, 0);
      assert.equal((await anon("/api/v1/public/evaluations?q=%E7%94%B2%E5%B1%80")).body.count, 1, "by the organisation's name");
      const bad = await anon("/api/v1/public/evaluations?limit=1000");
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.error.fields.map((f: { path: string }) => f.path),
        ["querystring.limit"],
      );
      assert.equal((await anon(`/api/v1/public/evaluations?q=${"x".repeat(101)}`)).status, 400);
    });

    test("the page: total, grade, the four level-1 scores, no correction yet — and nothing of the working record", async () => {
      for (const who of [c.visitor, c.depta, c.expert, null]) {
        const r = who
          ? await who.req("GET", `/api/v1/public/evaluations/${published}`)
          : await anon(`/api/v1/public/evaluations/${published}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const p = r.body;
        assert.deepEqual(Object.keys(p).sort(), PAGE_KEYS);
        assert.equal(p.total, "85.73");
        assert.equal(p.grade, "良");
        assert.deepEqual(
          p.level1.map((n: { name: string; points: string; score: string; rate: string }) => [n.points, n.score, n.rate]),
          [
            ["30", "21.24", "70.80%"],
            ["40", "37.88", "94.70%"],
            ["20", "19.61", "98.05%"],
            ["10", "7.00", "70.00%"],
          ],
        );
        assert.deepEqual(Object.keys(p.level1[0]).sort(), ["id", "name", "points", "rate", "score"]);
        assert.deepEqual(p.corrections, []);
        assert.deepEqual(p.reportFormats, ["html", "pdf"]);
        assert.equal(JSON.stringify(p).includes("INTERNAL-7f3a"), false);
      }
      for (const s of UNPUBLISHED) {
        for (const who of [c.admin, c.visitor, c.depta])
          assert.equal((await who.req("GET", `/api/v1/public/evaluations/${unpublished[s]}`)).status, 404, s);
        assert.equal((await anon(`/api/v1/public/evaluations/${unpublished[s]}`)).status, 404, `nobody ${s}`);
      }
      assert.equal((await anon(`/api/v1/public/evaluations/${GHOST}`)).status, 404);
    });
  });

  describe("locks follow the status", () => {
    test("a published evaluation is read-only for everyone (PATCH, PUT, findings); it changes only by 更正 with a reason", async () => {
      const version = await versionOf(published);
      const doc = (await c.admin.req("GET", `/api/v1/evaluations/${published}`)).body.document;
      for (const [name, who] of Object.entries(c)) {
        const expected = name === "visitor" ? 404 : name === "deptb" ? 404 : 403;
        const patch = await who.req("PATCH", `/api/v1/evaluations/${published}`, {
          version,
          changes: [{ path: ["meta", "note"], value: "x" }],
        });
        assert.equal(patch.status, expected, `${name} PATCH: ${JSON.stringify(patch.body).slice(0, 200)}`);
        const put = await who.req("PUT", `/api/v1/evaluations/${published}`, { version, document: doc });
        assert.equal(put.status, expected, `${name} PUT`);
        const findings = await who.req("PUT", `/api/v1/evaluations/${published}/findings`, { version, findings: [], recommendations: [] });
        assert.equal(findings.status, expected, `${name} findings`);
      }
      assert.equal(await versionOf(published), version, "nothing saved");
      const access = (await c.admin.req("GET", `/api/v1/evaluations/${published}`)).body.access;
      assert.equal(access.update, false);
      assert.deepEqual(access.actions.map((a: { action: string }) => a.action).sort(), ["archive", "correct"]);

      const correction = { version, action: "correct", changes: [{ path: ["meta", "reportNo"], value: "阳人社绩〔2022〕7号" }] };
      const noReason = await c.admin.req("POST", `/api/v1/evaluations/${published}/transitions`, correction);
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.error.code, "reason-required");
      const unchanged = await c.admin.req("POST", `/api/v1/evaluations/${published}/transitions`, {
        version,
        action: "correct",
        reason: "没有改动",
        document: doc,
      });
      assert.equal(unchanged.status, 400);
      assert.equal(unchanged.body.error.code, "correction-unchanged");
      assert.deepEqual(
        unchanged.body.error.fields.map((f: { path: string }) => f.path),
        ["document"],
      );
      assert.equal(
        (await c.evaluator.req("POST", `/api/v1/evaluations/${published}/transitions`, { ...correction, reason: "x" })).status,
        403,
      );

      const done = await c.admin.req("POST", `/api/v1/evaluations/${published}/transitions`, {
        ...correction,
        reason: "报告编号有误，予以更正",
      });
      assert.equal(done.status, 200, JSON.stringify(done.body).slice(0, 300));
      assert.equal(done.body.status, "published");
      assert.equal(done.body.lastStatusChange.action, "correct");
      assert.equal(done.body.lastStatusChange.reason, "报告编号有误，予以更正");

      const page = (await anon(`/api/v1/public/evaluations/${published}`)).body;
      assert.equal(page.corrections.length, 1);
      assert.equal(page.corrections[0].reason, "报告编号有误，予以更正");
      assert.equal(page.corrections[0].at, done.body.lastStatusChange.at);
      assert.match(page.corrections[0].at, /^\d{4}-\d\d-\d\dT/);
      assert.equal(page.correctedAt, page.corrections[0].at);
      assert.ok(page.publishedAt <= page.correctedAt, "published before corrected");
      assert.equal(page.total, "85.73");
      const listed = (await anon("/api/v1/public/evaluations")).body.items[0];
      assert.equal(listed.correctedAt, page.correctedAt);
      // The public report is the corrected published revision.
      const html = await anon(`/api/v1/public/evaluations/${published}/report?format=html`);
      assert.ok(html.text.includes("阳人社绩〔2022〕7号"), "the report shows the correction");
    });

    test("after 提交 the author side cannot edit; 退回修改 re-opens it, saying who returned it, when and why", async () => {
      const agencyWork = await create(undefined);
      const selfWork = await create(undefined, world.orgs.deptA, null);
      const patch = (who: Client, id: string) =>
        versionOf(id).then((version) =>
          who.req("PATCH", `/api/v1/evaluations/${id}`, { version, changes: [{ path: ["meta", "note"], value: "改" }] }),
        );
      assert.equal((await patch(c.evaluator, agencyWork)).status, 200, "the agency edits its draft");
      assert.equal((await patch(c.depta, selfWork)).status, 200, "the department edits its self-evaluation");
      const submitted = await act(c.evaluator, agencyWork, "submit");
      assert.equal(submitted.lastStatusChange.action, "submit");
      await act(c.depta, selfWork, "submit");
      for (const [who, id] of [
        [c.evaluator, agencyWork],
        [c.depta, agencyWork],
        [c.depta, selfWork],
      ] as const) {
        assert.equal((await patch(who, id)).status, 403);
        const d = (await who.req("GET", `/api/v1/evaluations/${id}`)).body;
        assert.equal(d.access.update, false);
        assert.equal(d.status, "submitted");
      }
      const returned = await act(c.admin, agencyWork, "return", "请补充资金使用佐证材料");
      assert.equal(returned.status, "returned");
      const seen = (await c.evaluator.req("GET", `/api/v1/evaluations/${agencyWork}`)).body;
      assert.equal(seen.access.update, true, "re-opened for the author");
      const note = seen.lastStatusChange;
      assert.deepEqual(
        { action: note.action, to: note.to, by: note.by, byRole: note.byRole, reason: note.reason },
        { action: "return", to: "returned", by: "admin", byRole: "finance_admin", reason: "请补充资金使用佐证材料" },
      );
      assert.match(note.at, /^\d{4}-\d\d-\d\dT/);
      const edited = await patch(c.evaluator, agencyWork);
      assert.equal(edited.status, 200);
      assert.equal(edited.body.lastStatusChange.reason, "请补充资金使用佐证材料", "the reason stays while it is being fixed");
      const fresh = (await c.evaluator.req("GET", `/api/v1/evaluations/${await create(undefined)}`)).body;
      assert.equal(fresh.lastStatusChange, null, "no status change yet");
    });
  });

  describe("the public without an account", () => {
    test("is rate-limited by address (429 with Retry-After); signed-in readers are not", async () => {
      const limited = await buildApp({ ...target().config, publicRequestsPerMinute: 3 }, { store: app.store, logger: false });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await anon("/api/v1/public/evaluations", "192.0.2.50", limited)).status, 200);
        const over = await anon(`/api/v1/public/evaluations/${published}`, "192.0.2.50", limited);
        assert.equal(over.status, 429);
        assert.equal(over.body.error.code, "public-throttled");
        assert.ok(Number(over.headers["retry-after"]) >= 1 && Number(over.headers["retry-after"]) <= 60);
        assert.match(over.body.error.message.zh, /秒后再试/);
        assert.equal((await anon("/api/v1/public/evaluations", "192.0.2.51", limited)).status, 200, "another address");
        const visitor = await login(limited, "visitor");
        for (let i = 0; i < 5; i++) assert.equal((await visitor.req("GET", "/api/v1/public/evaluations")).status, 200);
        // A PDF costs five requests: refused outright under a limit of three.
        assert.equal((await anon(`/api/v1/public/evaluations/${published}/report?format=pdf`, "192.0.2.52", limited)).status, 429);
      } finally {
        await limited.close();
      }
    });

    test("is asked to sign in when the deployment offers the public view to accounts only", async () => {
      const closed = await buildApp({ ...target().config, publicAccess: "accounts" }, { store: app.store, logger: false });
      try {
        for (const url of [
          "/api/v1/public/evaluations",
          `/api/v1/public/evaluations/${published}`,
          `/api/v1/public/evaluations/${published}/report?format=html`,
        ]) {
          const r = await anon(url, "192.0.2.60", closed);
          assert.equal(r.status, 401, url);
          assert.equal(r.body.error.code, "unauthenticated");
        }
        assert.equal((await (await login(closed, "visitor")).req("GET", `/api/v1/public/evaluations/${published}`)).status, 200);
      } finally {
        await closed.close();
      }
    });
  });
});
