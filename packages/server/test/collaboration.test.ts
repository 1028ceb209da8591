/**
 * 委托, 独立性, 资料清单, 反馈意见, history in words — through HTTP on both databases. The
 * expectations are written out by hand from the product's rules (not read from policy.ts): every
 * new endpoint × every role × own/other evaluation × nobody; a department's PATCH on its agency's
 * draft refused saying why; a data request and a feedback round trip; the history in words.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AUDIT_GENESIS, type App, verifyAuditLog } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const WHO = ["admin", "evaluator", "evaluator2", "depta", "deptb", "expert", "visitor"] as const;
type Who = (typeof WHO)[number];
type Res = "A" | "B";

/** A: 甲局's evaluation by 某评价机构 (the expert assigned); B: 乙局's self-evaluation (no agency). */
const READ_SIDE: Record<Who, Record<Res, number>> = {
  admin: { A: 200, B: 200 },
  evaluator: { A: 200, B: 404 },
  evaluator2: { A: 404, B: 404 },
  depta: { A: 200, B: 404 },
  deptb: { A: 404, B: 403 },
  expert: { A: 403, B: 404 },
  visitor: { A: 404, B: 404 },
};
/** Sending a data request: the agency only, on its own evaluation. */
const REQUEST: Record<Who, Record<Res, number>> = {
  admin: { A: 403, B: 403 },
  evaluator: { A: 201, B: 404 },
  evaluator2: { A: 404, B: 404 },
  depta: { A: 403, B: 404 },
  deptb: { A: 404, B: 403 },
  expert: { A: 403, B: 404 },
  visitor: { A: 404, B: 404 },
};
/** Filling one / writing feedback: the audited department only. */
const SUPPLY: Record<Who, Record<Res, number>> = {
  admin: { A: 403, B: 403 },
  evaluator: { A: 403, B: 404 },
  evaluator2: { A: 404, B: 404 },
  depta: { A: 200, B: 404 },
  deptb: { A: 404, B: 403 },
  expert: { A: 403, B: 404 },
  visitor: { A: 404, B: 404 },
};
const COMMISSIONS_LIST: Record<Who, number> = {
  admin: 200,
  evaluator: 200,
  evaluator2: 200,
  depta: 200,
  deptb: 200,
  expert: 403,
  visitor: 403,
};

/** The path of the first leaf indicator's actual value. */
function firstLeafActual(doc: { indicators: Array<{ children?: unknown[] }> }): Array<string | number> {
  const path: Array<string | number> = ["indicators", 0];
  let node = doc.indicators[0] as { children?: unknown[] };
  while (node.children && node.children.length > 0) {
    path.push("children", 0);
    node = node.children[0] as { children?: unknown[] };
  }
  return [...path, "actual"];
}

forEachDatabase("commissions, data requests, feedback", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const c = {} as Record<Who, Client>;
  const ids = {} as Record<Res, string>;
  let commissionId: string;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    for (const w of WHO) c[w] = await login(app, w);
    const created = await c.admin.req("POST", "/api/v1/commissions", {
      organisationId: world.orgs.deptA,
      fiscalYear: 2024,
      kind: "项目支出",
      agencyId: world.orgs.agency,
      title: "甲局2024年度职业技能培训项目支出绩效评价",
      project: "职业技能培训项目",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    commissionId = created.body.id;
    const a = await c.evaluator.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      template: "project",
      commissionId,
    });
    assert.equal(a.status, 201, JSON.stringify(a.body).slice(0, 400));
    ids.A = a.body.id;
    assert.equal((await c.admin.req("PUT", `/api/v1/evaluations/${ids.A}/experts/${world.users.expert}`, { nodeIds: ["A"] })).status, 204);
    const b = await c.admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptB, template: "self-evaluation" });
    assert.equal(b.status, 201);
    ids.B = b.body.id;
  });
  after(async () => app.close());

  const version = async (id: string) => (await c.admin.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;

  describe("委托 commissions", () => {
    test("an evaluation created within a commission carries its facts: title, year, kind, 委托方, 评价机构, 项目", async () => {
      const d = (await c.evaluator.req("GET", `/api/v1/evaluations/${ids.A}`)).body;
      assert.equal(d.agencyId, world.orgs.agency);
      assert.equal(d.title, "甲局2024年度职业技能培训项目支出绩效评价");
      assert.deepEqual([d.document.meta.fiscalYear, d.document.meta.kind, d.document.meta.evaluationType], [2024, "项目支出", "第三方"]);
      assert.deepEqual(
        [d.document.meta.commissioner, d.document.meta.evaluator, d.document.meta.project],
        ["测试市财政局", "某评价机构", "职业技能培训项目"],
      );
      // The agency edits its working papers (title, project name, 委托方, 评价机构 are fields).
      const edit = await c.evaluator.req("PATCH", `/api/v1/evaluations/${ids.A}`, {
        version: await version(ids.A),
        changes: [{ path: ["meta", "project"], value: "职业技能提升培训项目" }],
      });
      assert.equal(edit.status, 200, JSON.stringify(edit.body).slice(0, 300));
    });

    test("listed by role: the bureau its subtree's, the agency its own, the department its own; experts and visitors not at all", async () => {
      for (const w of WHO) {
        const r = await c[w].req("GET", "/api/v1/commissions");
        assert.equal(r.status, COMMISSIONS_LIST[w], `${w} lists commissions`);
        if (r.status !== 200) continue;
        const mine = (r.body as Array<{ id: string; evaluation: { id: string } | null }>).find((x) => x.id === commissionId);
        assert.equal(!!mine, ["admin", "evaluator", "depta"].includes(w), `${w} sees the commission`);
        if (mine) assert.equal(mine.evaluation?.id, ids.A);
      }
      const nobody = await app.http.inject({ method: "GET", url: "/api/v1/commissions" });
      assert.equal(nobody.statusCode, 401);
    });

    test("created by the finance admin only, in its subtree, with an agency of the region or a self-evaluation type", async () => {
      const body = {
        organisationId: world.orgs.deptB,
        fiscalYear: 2025,
        kind: "部门整体支出",
        agencyId: null,
        evaluationType: "部门评价",
        title: "乙局2025部门评价",
      };
      for (const w of WHO) {
        const r = await c[w].req("POST", "/api/v1/commissions", { ...body, title: `${body.title} ${w}` });
        assert.equal(r.status, w === "admin" ? 201 : 403, `${w} commissions: ${JSON.stringify(r.body).slice(0, 200)}`);
      }
      const nobody = await app.http.inject({ method: "POST", url: "/api/v1/commissions", payload: body });
      assert.equal(nobody.statusCode, 401);
      const noType = await c.admin.req("POST", "/api/v1/commissions", { ...body, evaluationType: undefined });
      assert.equal(noType.status, 400);
      assert.deepEqual(
        noType.body.error.fields.map((f: { path: string }) => f.path),
        ["evaluationType"],
      );
      const badAgency = await c.admin.req("POST", "/api/v1/commissions", {
        ...body,
        evaluationType: undefined,
        agencyId: world.orgs.deptA,
      });
      assert.equal(badAgency.status, 400);
      assert.deepEqual(
        badAgency.body.error.fields.map((f: { path: string }) => f.path),
        ["agencyId"],
      );
      const unknown = await c.admin.req("POST", "/api/v1/commissions", { ...body, organisationId: "no-such-org" });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.fields[0].message.zh, /本辖区/);
      const long = await c.admin.req("POST", "/api/v1/commissions", { ...body, title: "长".repeat(201) });
      assert.equal(long.status, 400);
      assert.equal(long.body.error.fields[0].path, "body.title");
    });

    test("the agency creates only within a commission to it, once; another agency never", async () => {
      const free = await c.evaluator.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        template: "project",
        agencyId: world.orgs.agency,
      });
      assert.equal(free.status, 403);
      assert.equal(free.body.error.code, "forbidden-commission");
      const again = await c.evaluator.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        template: "project",
        commissionId,
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, "commission-taken");
      const other = await c.evaluator2.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        template: "project",
        commissionId,
      });
      assert.equal(other.status, 404);
      const second = await c.admin.req("POST", "/api/v1/commissions", {
        organisationId: world.orgs.deptA,
        fiscalYear: 2025,
        kind: "部门整体支出",
        agencyId: world.orgs.agency,
        title: "甲局2025部门整体支出绩效评价",
      });
      const wrongOrg = await c.evaluator.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptB,
        template: "department",
        commissionId: second.body.id,
      });
      assert.equal(wrongOrg.status, 400);
      assert.deepEqual(
        wrongOrg.body.error.fields.map((f: { path: string }) => f.path),
        ["organisationId"],
      );
    });
  });

  describe("独立性 independence", () => {
    test("a department PATCH on the agency's draft is refused (403) saying why; its own self-evaluation it edits", async () => {
      const r = await c.depta.req("PATCH", `/api/v1/evaluations/${ids.A}`, {
        version: await version(ids.A),
        changes: [{ path: ["meta", "note"], value: "部门改的" }],
      });
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, "forbidden-independence");
      assert.match(r.body.error.message.zh, /某评价机构.*不能修改评价机构的工作底稿/);
      assert.match(r.body.error.message.en, /does not edit the agency's working papers/);
      const put = await c.depta.req("PUT", `/api/v1/evaluations/${ids.A}`, {
        version: await version(ids.A),
        document: (await c.admin.req("GET", `/api/v1/evaluations/${ids.A}`)).body.document,
      });
      assert.equal(put.status, 403);
      const submit = await c.depta.req("POST", `/api/v1/evaluations/${ids.A}/transitions`, {
        version: await version(ids.A),
        action: "submit",
      });
      assert.equal(submit.status, 403);
      assert.equal(submit.body.error.code, "forbidden-independence");
      const access = (await c.depta.req("GET", `/api/v1/evaluations/${ids.A}`)).body.access;
      assert.equal(access.update, false);
      assert.deepEqual(access.actions, []);
      const own = await c.depta.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, template: "self-evaluation" });
      assert.equal(own.status, 201);
      const ok = await c.depta.req("PATCH", `/api/v1/evaluations/${own.body.id}`, {
        version: own.body.version,
        changes: [{ path: ["meta", "note"], value: "自评说明" }],
      });
      assert.equal(ok.status, 200);
    });
  });

  describe("资料清单 and 反馈意见: every endpoint × role × own/other × nobody", () => {
    let leaf: Array<string | number>;
    before(async () => {
      leaf = firstLeafActual((await c.admin.req("GET", `/api/v1/evaluations/${ids.A}`)).body.document);
    });
    const request = (label: string) => ({ title: `基础数据 ${label}`, items: [{ kind: "output", label, path: leaf }] });

    for (const res of ["A", "B"] as const) {
      test(`on ${res}: list, send, fill, review; feedback list, write, answer`, async () => {
        const id = ids[res];
        // Fixtures made by the roles that may: a request by the agency and a feedback by the department (on A).
        const made = res === "A" ? await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, request("fixture")) : undefined;
        const fb = res === "A" ? await c.depta.req("POST", `/api/v1/evaluations/${id}/feedback`, { text: "fixture" }) : undefined;
        const num = made?.body.number ?? 1;
        const itemId = made?.body.items[0].id ?? "none";
        const fbNum = fb?.body.number ?? 1;
        if (made)
          assert.equal(
            (await c.depta.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/answers`, { items: [{ itemId, value: "1" }] }))
              .status,
            200,
          );
        for (const w of WHO) {
          const read = READ_SIDE[w][res];
          assert.equal((await c[w].req("GET", `/api/v1/evaluations/${id}/data-requests`)).status, read, `${w} lists requests on ${res}`);
          assert.equal((await c[w].req("GET", `/api/v1/evaluations/${id}/feedback`)).status, read, `${w} lists feedback on ${res}`);
          const send = await c[w].req("POST", `/api/v1/evaluations/${id}/data-requests`, request(w));
          assert.equal(send.status, REQUEST[w][res], `${w} sends a request on ${res}: ${JSON.stringify(send.body).slice(0, 200)}`);
          const fill = await c[w].req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/answers`, {
            items: [{ itemId, value: "5230", note: w }],
          });
          // Where the evaluation is not the caller's the answer is 404 either way; on B (no request) the department of B is refused first.
          assert.equal(fill.status, SUPPLY[w][res], `${w} fills on ${res}: ${JSON.stringify(fill.body).slice(0, 200)}`);
          const review = await c[w].req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${itemId}/review`, {
            decision: "return",
            comment: "请注明口径",
          });
          const reviewExpected = REQUEST[w][res] === 201 ? 200 : REQUEST[w][res];
          assert.equal(review.status, reviewExpected, `${w} reviews on ${res}: ${JSON.stringify(review.body).slice(0, 200)}`);
          const write = await c[w].req("POST", `/api/v1/evaluations/${id}/feedback`, { text: `意见 ${w}` });
          assert.equal(write.status, SUPPLY[w][res] === 200 ? 201 : SUPPLY[w][res], `${w} writes feedback on ${res}`);
          const answer = await c[w].req("PUT", `/api/v1/evaluations/${id}/feedback/${fbNum}/answer`, { text: `答复 ${w}` });
          assert.equal(answer.status, reviewExpected, `${w} answers feedback on ${res}: ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
        for (const [method, url, payload] of [
          ["GET", "data-requests", undefined],
          ["POST", "data-requests", request("nobody")],
          ["POST", `data-requests/${num}/answers`, { items: [{ itemId, value: "1" }] }],
          ["POST", `data-requests/${num}/items/${itemId}/review`, { decision: "return", comment: "x" }],
          ["GET", "feedback", undefined],
          ["POST", "feedback", { text: "x" }],
          ["PUT", `feedback/${fbNum}/answer`, { text: "x" }],
        ] as const) {
          const r = await app.http.inject({ method, url: `/api/v1/evaluations/${id}/${url}`, payload });
          assert.equal(r.statusCode, 401, `nobody ${method} ${url}`);
        }
      });
    }

    test("bad input: 400 naming the field; counts and sizes bounded", async () => {
      const id = ids.A;
      const none = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, { title: "x", items: [] });
      assert.equal(none.status, 400);
      assert.equal(none.body.error.fields[0].path, "body.items");
      const many = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, {
        title: "x",
        items: Array.from({ length: 101 }, (_, i) => ({ kind: "other", label: `项${i}` })),
      });
      assert.equal(many.status, 400);
      const proto = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, {
        title: "x",
        items: [{ kind: "funds", label: "资金", path: ["__proto__", "x"] }],
      });
      assert.equal(proto.status, 400);
      assert.match(proto.body.error.fields[0].path, /^body\.items\[0\]\.path/);
      const nowhere = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, {
        title: "x",
        items: [{ kind: "funds", label: "资金", path: ["nothing", "here", "at all"] }],
      });
      assert.equal(nowhere.status, 400);
      assert.equal(nowhere.body.error.fields[0].path, "items[0].path");
      const kind = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, {
        title: "x",
        items: [{ kind: "money", label: "x" }],
      });
      assert.equal(kind.status, 400);
      assert.equal(kind.body.error.fields[0].path, "body.items[0].kind");
      const empty = await c.depta.req("POST", `/api/v1/evaluations/${id}/feedback`, { text: "   " });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.error.fields[0].path, "body.text");
      const missing = await c.depta.req("POST", `/api/v1/evaluations/${id}/data-requests/999/answers`, {
        items: [{ itemId: "x", value: "1" }],
      });
      assert.equal(missing.status, 404);
      assert.match(missing.body.error.message.zh, /资料清单 #999/);
    });

    test("round trip: the agency asks, the department fills, the agency returns one and takes one in — the value's source recorded", async () => {
      const id = ids.A;
      const sent = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests`, {
        title: "2024年基础数据",
        note: "请于三日内提供",
        items: [
          { kind: "output", label: "培训人数", path: leaf },
          { kind: "staffing", label: "编制数与实有人数" },
          { kind: "file", label: "培训签到表" },
        ],
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body).slice(0, 300));
      const num = sent.body.number as number;
      const [output, staffing] = sent.body.items as Array<{ id: string; status: string; target: { zh: string } | null }>;
      assert.deepEqual(
        sent.body.items.map((i: { status: string }) => i.status),
        ["open", "open", "open"],
      );
      assert.match(output!.target!.zh, / · 实际值$/);
      const filled = await c.depta.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/answers`, {
        items: [
          { itemId: output!.id, value: "5230", note: "来自培训台账" },
          { itemId: staffing!.id, value: "编制 69 人，实有 59 人" },
        ],
      });
      assert.equal(filled.status, 200, JSON.stringify(filled.body).slice(0, 300));
      assert.deepEqual(
        filled.body.items.map((i: { status: string }) => i.status),
        ["answered", "answered", "open"],
      );
      assert.equal(filled.body.items[0].answeredBy, "depta");
      // Returned with a comment (none: 400 naming the field), filled again.
      const noComment = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${output!.id}/review`, {
        decision: "return",
      });
      assert.equal(noComment.status, 400);
      assert.equal(noComment.body.error.fields[0].path, "comment");
      const returned = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${output!.id}/review`, {
        decision: "return",
        comment: "请按结业人数统计",
      });
      assert.equal(returned.status, 200);
      assert.equal(returned.body.items[0].status, "returned");
      assert.equal(returned.body.items[0].comment, "请按结业人数统计");
      const notAnswered = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${output!.id}/review`, {
        decision: "take",
        version: await version(id),
      });
      assert.equal(notAnswered.status, 409);
      await c.depta.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/answers`, {
        items: [{ itemId: output!.id, value: "5,300", note: "按结业人数" }],
      });
      const noTarget = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${staffing!.id}/review`, {
        decision: "take",
        version: await version(id),
      });
      assert.equal(noTarget.status, 409);
      assert.equal(noTarget.body.error.code, "item-no-target");
      const before = await version(id);
      const stale = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${output!.id}/review`, {
        decision: "take",
        version: before - 1,
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, "version-conflict");
      const taken = await c.evaluator.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/items/${output!.id}/review`, {
        decision: "take",
        version: before,
      });
      assert.equal(taken.status, 200, JSON.stringify(taken.body).slice(0, 300));
      assert.equal(taken.body.items[0].status, "taken");
      assert.equal(taken.body.items[0].takenVersion, before + 1);
      const doc = (await c.evaluator.req("GET", `/api/v1/evaluations/${id}`)).body;
      assert.equal(doc.version, before + 1);
      let at: unknown = doc.document;
      for (const k of leaf) at = (at as Record<string | number, unknown>)[k];
      assert.equal(at, 5300, "the figure as written (5,300) is the number 5300");
      const revisions = (await c.evaluator.req("GET", `/api/v1/evaluations/${id}/revisions`)).body as Array<{
        version: number;
        reason: string;
        author: string;
        authorRole: string;
      }>;
      const rev = revisions.find((r) => r.version === before + 1)!;
      assert.match(rev.reason, /^来自资料清单 #\d+，由 depta 于 \d{4}-\d\d-\d\d \d\d:\d\d 提供$/);
      assert.deepEqual([rev.author, rev.authorRole], ["evaluator", "evaluator"]);
      // Taken in: the department can no longer change it.
      const late = await c.depta.req("POST", `/api/v1/evaluations/${id}/data-requests/${num}/answers`, {
        items: [{ itemId: output!.id, value: "9999" }],
      });
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, "item-taken");
      assert.equal((await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys)).ok, true);
    });

    test("feedback round trip: the department writes on the draft for comment, the agency answers; not after submission", async () => {
      const id = ids.A;
      const w = await c.depta.req("POST", `/api/v1/evaluations/${id}/feedback`, {
        section: "三、存在的问题",
        text: "培训合格率口径与台账不一致",
      });
      assert.equal(w.status, 201);
      assert.equal(w.body.createdBy, "depta");
      const a = await c.evaluator.req("PUT", `/api/v1/evaluations/${id}/feedback/${w.body.number}/answer`, {
        text: "已按台账口径重新核实，结论不变",
      });
      assert.equal(a.status, 200);
      assert.deepEqual([a.body.answer, a.body.answeredBy], ["已按台账口径重新核实，结论不变", "evaluator"]);
      const list = (await c.admin.req("GET", `/api/v1/evaluations/${id}/feedback`)).body as Array<{
        number: number;
        answer: string | null;
      }>;
      assert.equal(list.find((f) => f.number === w.body.number)?.answer, "已按台账口径重新核实，结论不变");
      // Submitted: no longer the draft for comment.
      const other = await c.admin.req("POST", "/api/v1/commissions", {
        organisationId: world.orgs.deptA,
        fiscalYear: 2023,
        kind: "项目支出",
        agencyId: world.orgs.agency,
        title: "甲局2023项目",
      });
      const e = await c.evaluator.req("POST", "/api/v1/evaluations", {
        organisationId: world.orgs.deptA,
        template: "project",
        commissionId: other.body.id,
      });
      assert.equal(
        (await c.evaluator.req("POST", `/api/v1/evaluations/${e.body.id}/transitions`, { version: e.body.version, action: "submit" }))
          .status,
        200,
      );
      const late = await c.depta.req("POST", `/api/v1/evaluations/${e.body.id}/feedback`, { text: "晚了" });
      assert.equal(late.status, 403);
      const lateRequest = await c.evaluator.req("POST", `/api/v1/evaluations/${e.body.id}/data-requests`, request("晚了"));
      assert.equal(lateRequest.status, 403);
    });

    test("history in words: indicator · field, people by name and role, statuses by name — no paths or ids", async () => {
      const id = ids.A;
      const v = await version(id);
      assert.equal((await c.evaluator.req("POST", `/api/v1/evaluations/${id}/transitions`, { version: v, action: "submit" })).status, 200);
      const audit = (await c.admin.req("GET", `/api/v1/evaluations/${id}/audit`)).body as Array<{
        action: string;
        actionLabel: { zh: string };
        what: { zh: string };
        user: string | null;
        userRole: string | null;
        oldText: string | null;
        newText: string | null;
        path: string;
        reason: string | null;
      }>;
      const take = audit.find((a) => a.action === "dataRequest.take" && !a.path.startsWith("dataRequests"))!;
      assert.ok(take, "the value taken in is audited as a field change");
      assert.equal(take.actionLabel.zh, "采纳资料");
      assert.match(take.what.zh, /^[^[\].]+ · 实际值$/);
      assert.equal(take.newText, "5300");
      assert.match(take.reason!, /来自资料清单/);
      const status = audit.at(-1)!;
      assert.deepEqual(
        [status.actionLabel.zh, status.what.zh, status.oldText, status.newText, status.user, status.userRole],
        ["提交", "状态", "草稿", "已提交", "evaluator", "evaluator"],
      );
      const answer = audit.find((a) => a.action === "feedback.answer")!;
      assert.match(answer.what.zh, /^反馈意见 #\d+$/);
      const filled = audit.find((a) => a.action === "dataRequest.answer")!;
      assert.match(filled.what.zh, /^资料清单 #\d+ · /);
      const userIds = Object.values(world.users);
      for (const a of audit) {
        assert.ok(a.user === null || !userIds.includes(a.user), "no user id as a name");
        assert.doesNotMatch(a.what.zh, /\[\d+\]|indicators|children/, `no path in ${a.what.zh}`);
      }
      const diff = (await c.admin.req("GET", `/api/v1/evaluations/${id}/diff?from=1&to=${v}`)).body as Array<{
        label: { zh: string };
        oldText: string;
        newText: string;
      }>;
      const actual = diff.find((d) => d.label.zh.endsWith("实际值"))!;
      assert.ok(actual, JSON.stringify(diff.map((d) => d.label.zh)));
      assert.equal(actual.newText, "5300");
      assert.ok(diff.some((d) => d.label.zh === "基本信息 · 项目名称" && d.newText === "职业技能提升培训项目"));
    });
  });
});
