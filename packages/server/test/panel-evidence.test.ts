/**
 * 专家评议, 佐证材料, 批注 on both databases: blind scoring (an expert reads no other score before
 * submitting their own, in the panel or anywhere else), the spread flag against the scheme's
 * margin, adopt and override (a new revision each), evidence limits, types by content, hashes,
 * the working-paper package, and open review notes holding 提交 up unless overridden with a reason.
 * The audit chain verifies after all of it. (Who may call what: policy.test.ts.)
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import JSZip from "jszip";
import { type App, AUDIT_GENESIS, verifyAuditLog } from "../src/index.js";
import { type Client, buildApp, forEachDatabase, login, multipartBody, seedWorld } from "./harness.js";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** The smallest document with two leaves of 10 points each. */
const DOC = {
  schemaVersion: 1,
  meta: { title: "测试项目评价", subject: "甲局", fiscalYear: 2024, kind: "项目支出", evaluationType: "第三方" },
  indicators: [
    {
      id: "A",
      name: "产出",
      weight: 20,
      children: [
        { id: "A1", name: "培训质量", weight: 10, rule: { type: "expert", method: "mean", scores: [] } },
        { id: "A2", name: "完成及时性", weight: 10, score: 8 },
      ],
    },
  ],
};

forEachDatabase("panel, evidence and notes", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client, evaluator: Client, expert: Client, expert2: Client, depta: Client;
  let id: string;
  let expert2Id: string;
  const version = async () => (await admin.req("GET", `/api/v1/evaluations/${id}`)).body.version as number;
  const upload = async (c: Client, filename: string, data: Uint8Array, node = "A1") => {
    const { payload, contentType } = multipartBody(filename, data);
    const r = await app.http.inject({
      method: "POST",
      url: `/api/v1/evaluations/${id}/evidence?node=${node}`,
      payload,
      headers: { "content-type": contentType, cookie: c.cookie, "x-csrf-token": c.csrf },
    });
    return { status: r.statusCode, body: r.json() as any };
  };

  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    evaluator = await login(app, "evaluator");
    expert = await login(app, "expert");
    depta = await login(app, "depta");
    const e2 = await admin.req("POST", "/api/v1/users", {
      username: "expert2",
      displayName: "李专家",
      password: "a long password",
      role: "expert",
      organisationId: world.orgs.region,
    });
    assert.equal(e2.status, 201, JSON.stringify(e2.body));
    expert2Id = e2.body.id;
    expert2 = await login(app, "expert2", "a long password");
    const created = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      agencyId: world.orgs.agency,
      document: DOC,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    id = created.body.id;
  });
  after(async () => app.close());

  test("the evaluator lists the experts and assigns two to one indicator", async () => {
    const experts = await evaluator.req("GET", `/api/v1/evaluations/${id}/panel/experts`);
    assert.equal(experts.status, 200);
    const names = (experts.body as Array<{ id: string }>).map((e) => e.id);
    assert.ok(names.includes(world.users.expert) && names.includes(expert2Id));
    for (const u of [world.users.expert, expert2Id])
      assert.equal((await evaluator.req("PUT", `/api/v1/evaluations/${id}/experts/${u}`, { nodeIds: ["A1"] })).status, 204);
    const panel = await evaluator.req("GET", `/api/v1/evaluations/${id}/panel`);
    assert.deepEqual(
      panel.body.nodes.map((n: { nodeId: string; entries: unknown[] }) => [n.nodeId, n.entries.length]),
      [["A1", 2]],
    );
    assert.equal(panel.body.spreadPercent, "20");
  });

  test("blind scoring: an expert sees no other score before submitting, not in the panel, the document or the audit trail", async () => {
    const high = await expert.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, { score: 9, comment: "培训效果好", submit: true });
    assert.equal(high.status, 200, JSON.stringify(high.body));
    assert.equal(high.body.result, "9.00", "the one who submitted sees the submitted scores");
    // The second expert saves a draft: the first one's 9 is nowhere in what they can read.
    const draft = await expert2.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, { score: "4", comment: "资料不全" });
    assert.equal(draft.status, 200);
    const mine = draft.body as { entries: Array<{ expert: string; score?: string; hidden: boolean }>; result: string | null };
    assert.equal(mine.result, null);
    const other = mine.entries.find((e) => e.expert === "expert")!;
    assert.equal(other.score, undefined);
    assert.equal(other.hidden, true);
    assert.equal(mine.entries.find((e) => e.expert === "李专家")!.score, "4");
    for (const path of ["panel", "audit", "", "revisions", "export"]) {
      const r = await expert2.req("GET", `/api/v1/evaluations/${id}${path ? `/${path}` : ""}`);
      assert.equal(r.status, 200, path);
      const text = JSON.stringify(r.body);
      assert.equal(text.includes("培训效果好"), false, `${path}: the other's comment`);
      assert.equal(/"score":"?9/.test(text), false, `${path}: the other's score`);
    }
    // Nor may an expert write the document to get around the panel.
    const patch = await expert2.req("PATCH", `/api/v1/evaluations/${id}`, {
      version: await version(),
      changes: [{ path: ["indicators", 0, "children", 0, "rule", "scores"], value: [{ expert: "李专家", score: 4 }] }],
    });
    assert.equal(patch.status, 403);
    // Out of range, naming the field.
    const bad = await expert2.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, { score: 11 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "score-range");
    assert.deepEqual(
      bad.body.error.fields.map((f: { path: string }) => f.path),
      ["score"],
    );
  });

  test("the spread is flagged once both submitted (9 and 4 differ by more than 20% of 10); a submitted score is fixed", async () => {
    // Adopting before everyone has submitted is refused.
    const early = await evaluator.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, { version: await version(), kind: "adopt" });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, "panel-incomplete");
    const low = await expert2.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, {
      score: 4,
      comment: "资料不全",
      deductions: [{ reason: "缺培训签到表", points: 6 }],
      submit: true,
    });
    assert.equal(low.status, 200);
    assert.equal(low.body.entries.find((e: { expert: string }) => e.expert === "expert").score, "9", "seen once submitted");
    const again = await expert2.req("PUT", `/api/v1/evaluations/${id}/panel/A1`, { score: 5 });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "panel-submitted");
    const panel = (await evaluator.req("GET", `/api/v1/evaluations/${id}/panel`)).body.nodes[0];
    assert.deepEqual([panel.result, panel.spread, panel.margin, panel.flagged, panel.submitted], ["6.50", "5", "2", true, 2]);
  });

  test("adopt writes the expert rule's scores as a new revision; override needs a score and a reason and writes both", async () => {
    const v = await version();
    const adopted = await evaluator.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, { version: v, kind: "adopt" });
    assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
    assert.equal(adopted.body.version, v + 1);
    const leaf = adopted.body.document.indicators[0].children[0];
    assert.deepEqual(leaf.rule, {
      type: "expert",
      method: "mean",
      scores: [
        { expert: "expert", score: "9" },
        { expert: "李专家", score: "4" },
      ],
    });
    const score = await evaluator.req("GET", `/api/v1/evaluations/${id}/explain/A1`);
    assert.equal(score.body.score, "6.50");
    const decision = (await evaluator.req("GET", `/api/v1/evaluations/${id}/panel`)).body.nodes[0].decision;
    assert.deepEqual([decision.kind, decision.score, decision.version], ["adopted", "6.50", v + 1]);
    const revisions = (await evaluator.req("GET", `/api/v1/evaluations/${id}/revisions`)).body;
    assert.match(revisions[0].reason, /采纳专家评议结果/);

    const noReason = await evaluator.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, {
      version: v + 1,
      kind: "override",
      score: 7,
    });
    assert.equal(noReason.status, 400);
    assert.deepEqual(
      noReason.body.error.fields.map((f: { path: string }) => f.path),
      ["reason"],
    );
    const over = await evaluator.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, {
      version: v + 1,
      kind: "override",
      score: 7,
      reason: "现场核查补充了签到表",
    });
    assert.equal(over.status, 200, JSON.stringify(over.body));
    const o = over.body.document.indicators[0].children[0];
    assert.deepEqual([o.rule, o.score, o.reason], [{ type: "direct" }, 7, "现场核查补充了签到表"]);
    const d = (await evaluator.req("GET", `/api/v1/evaluations/${id}/panel`)).body.nodes[0].decision;
    assert.deepEqual([d.kind, d.panelScore, d.score, d.reason], ["overridden", "6.50", "7.00", "现场核查补充了签到表"]);
    // The expert who is not the evaluator may not decide.
    assert.equal((await expert.req("POST", `/api/v1/evaluations/${id}/panel/A1/decision`, { version: v + 2, kind: "adopt" })).status, 403);
  });

  test("evidence: a PDF and a PNG attached, by content, with their sha256; bad types, mismatched names and empty files are 400", async () => {
    const pdf = await upload(evaluator, "培训签到表.pdf", PDF);
    assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
    assert.equal(pdf.body.sha256, createHash("sha256").update(PDF).digest("hex"));
    assert.equal(pdf.body.mediaType, "application/pdf");
    assert.equal(pdf.body.filename, "培训签到表.pdf");
    assert.equal((await upload(evaluator, "现场照片.png", PNG, "A2")).status, 201);
    const exe = await upload(evaluator, "setup.pdf", new TextEncoder().encode("MZ\x90\x00 this is not a pdf"));
    assert.equal(exe.status, 400);
    assert.equal(exe.body.error.code, "evidence-type");
    assert.deepEqual(
      exe.body.error.fields.map((f: { path: string }) => f.path),
      ["body.file"],
    );
    const renamed = await upload(evaluator, "照片.jpg", PNG);
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.error.code, "evidence-extension");
    assert.match(renamed.body.error.message.zh, /与内容（PNG）不符/);
    assert.equal((await upload(evaluator, "空.pdf", new Uint8Array())).status, 400);
    const nowhere = await upload(evaluator, "x.pdf", PDF, "Z9");
    assert.equal(nowhere.status, 400);
    assert.equal(nowhere.body.error.fields[0].path, "node");
    // An .xlsx is an Office file; a zip that is not one is refused.
    const book = new JSZip();
    book.file("[Content_Types].xml", "<Types/>");
    book.file("xl/workbook.xml", "<workbook/>");
    const xlsx = await book.generateAsync({ type: "uint8array" });
    assert.equal((await upload(evaluator, "台账.xlsx", xlsx)).status, 201);
    const plainZip = new JSZip();
    plainZip.file("a.txt", "x");
    assert.equal((await upload(evaluator, "a.docx", await plainZip.generateAsync({ type: "uint8array" }))).status, 400);
    const list = await depta.req("GET", `/api/v1/evaluations/${id}/evidence`);
    assert.equal(list.status, 200, "the audited department sees the evidence");
    assert.deepEqual(
      list.body.files.map((f: { nodeId: string; filename: string }) => `${f.nodeId} ${f.filename}`),
      ["A1 培训签到表.pdf", "A1 台账.xlsx", "A2 现场照片.png"],
    );
    assert.equal(list.body.limits.fileBytes, 20 * 1024 * 1024);
    const dl = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/evidence/${pdf.body.id}`,
      headers: { cookie: expert.cookie },
    });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers["content-type"], "application/pdf");
    assert.deepEqual(new Uint8Array(dl.rawPayload), PDF);
    assert.match(String(dl.headers["content-disposition"]), /attachment/);
  });

  test("evidence limits: a file over 20 MB is 413, and so is going over the evaluation's total", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(PDF.slice(0, 8));
    const r = await upload(evaluator, "大文件.pdf", big);
    assert.equal(r.status, 413, JSON.stringify(r.body));
    assert.equal(r.body.error.code, "evidence-too-large");
    // Fill the evaluation up to just under 200 MB directly, then one more upload goes over.
    const now = new Date().toISOString();
    await app.store.db
      .insertInto("evidence_files")
      .values({
        id: "filler",
        evaluation_id: id,
        node_id: "A2",
        filename: "filler.pdf",
        media_type: "application/pdf",
        size: 200 * 1024 * 1024 - 10,
        sha256: "0".repeat(64),
        content: PDF,
        uploaded_by: world.users.evaluator,
        uploaded_at: now,
      })
      .execute();
    const over = await upload(evaluator, "再一个.pdf", PDF);
    assert.equal(over.status, 413);
    assert.equal(over.body.error.code, "evidence-total");
    assert.equal((await evaluator.req("DELETE", `/api/v1/evaluations/${id}/evidence/filler`)).status, 204);
    assert.equal((await upload(evaluator, "再一个.pdf", PDF)).status, 201);
  });

  test("the working-paper package: every file by indicator, 索引.csv with the hashes, 批注.csv", async () => {
    await evaluator.req("POST", `/api/v1/evaluations/${id}/notes`, { path: ["indicators", 0, "children", 1, "score"], text: "得分依据？" });
    const r = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/working-papers`,
      headers: { cookie: evaluator.cookie },
    });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "application/zip");
    const zip = await JSZip.loadAsync(r.rawPayload);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    assert.ok(names.includes("佐证材料/A1 培训质量/培训签到表.pdf"), names.join(", "));
    assert.ok(names.includes("佐证材料/A2 完成及时性/现场照片.png"));
    assert.deepEqual(await zip.file("佐证材料/A1 培训质量/培训签到表.pdf")!.async("uint8array"), PDF);
    const index = await zip.file("索引.csv")!.async("string");
    assert.ok(index.startsWith("\uFEFF序号,指标编号,指标,文件名"));
    assert.ok(index.includes(createHash("sha256").update(PDF).digest("hex")));
    assert.equal(index.trim().split("\r\n").length, 1 + 4, "a header and one row per file");
    const notes = await zip.file("批注.csv")!.async("string");
    assert.ok(notes.includes("得分依据？") && notes.includes("未解决"));
    // The audited department may download the evidence but not the review notes.
    const dept = await app.http.inject({
      method: "GET",
      url: `/api/v1/evaluations/${id}/working-papers`,
      headers: { cookie: depta.cookie },
    });
    const deptZip = await JSZip.loadAsync(dept.rawPayload);
    assert.equal(deptZip.file("批注.csv"), null);
  });

  test("review notes: a note on a path that exists; open notes hold 提交 up unless overridden with a reason", async () => {
    const nowhere = await evaluator.req("POST", `/api/v1/evaluations/${id}/notes`, { path: ["indicators", 5], text: "x" });
    assert.equal(nowhere.status, 400);
    assert.deepEqual(
      nowhere.body.error.fields.map((f: { path: string }) => f.path),
      ["path"],
    );
    assert.equal((await evaluator.req("POST", `/api/v1/evaluations/${id}/notes`, { path: ["meta", "title"], text: "  " })).status, 400);
    const byExpert = await expert.req("POST", `/api/v1/evaluations/${id}/notes`, {
      path: ["indicators", 0, "children", 0],
      text: "签到表与培训记录人数不一致",
    });
    assert.equal(byExpert.status, 201);
    assert.equal(byExpert.body.nodeId, "A1");
    assert.equal(byExpert.body.author, "expert");
    const notes = (await evaluator.req("GET", `/api/v1/evaluations/${id}/notes`)).body as Array<{ id: string; status: string }>;
    assert.equal(notes.filter((n) => n.status === "open").length, 2);
    const blocked = await evaluator.req("POST", `/api/v1/evaluations/${id}/transitions`, { version: await version(), action: "submit" });
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.error.code, "open-notes");
    assert.deepEqual(
      blocked.body.error.fields.map((f: { path: string }) => f.path),
      ["overrideNotes"],
    );
    assert.match(blocked.body.error.message.zh, /2 条未解决的批注/);
    // The expert may not resolve; the evaluator resolves one, and submits over the other with a reason.
    assert.equal((await expert.req("PUT", `/api/v1/evaluations/${id}/notes/${notes[0]!.id}`, { status: "resolved" })).status, 403);
    const resolved = await evaluator.req("PUT", `/api/v1/evaluations/${id}/notes/${notes[0]!.id}`, {
      status: "resolved",
      resolution: "已补充说明",
    });
    assert.deepEqual([resolved.status, resolved.body.status, resolved.body.resolvedBy], [200, "resolved", "evaluator"]);
    const submitted = await evaluator.req("POST", `/api/v1/evaluations/${id}/transitions`, {
      version: await version(),
      action: "submit",
      overrideNotes: "人数差异已在报告中说明",
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const audit = (await admin.req("GET", `/api/v1/evaluations/${id}/audit`)).body as Array<{ action: string; reason: string | null }>;
    assert.ok(audit.some((a) => a.action === "note.override" && a.reason === "人数差异已在报告中说明"));
    // Submitted: the panel and the evidence are locked, notes still open to the reviewer.
    assert.equal((await upload(evaluator, "晚到.pdf", PDF)).status, 403);
    assert.equal((await admin.req("POST", `/api/v1/evaluations/${id}/notes`, { path: ["meta", "title"], text: "审核意见" })).status, 201);
  });

  test("the audit chain verifies after the panel, the evidence and the notes", async () => {
    const v = await verifyAuditLog(app.store.db, AUDIT_GENESIS, app.auditKeys);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    const actions = new Set(
      ((await admin.req("GET", `/api/v1/evaluations/${id}/audit`)).body as Array<{ action: string }>).map((a) => a.action),
    );
    for (const a of ["panel.submit", "panel.adopt", "panel.override", "evidence.upload", "evidence.remove", "note.create", "note.resolve"])
      assert.ok(actions.has(a), a);
  });
});
