/**
 * Operations, with real server processes: a crash (SIGKILL) in the middle of a burst of edits
 * and of an import loses no acknowledged write and leaves no half-written rows; two instances
 * on one PostgreSQL share sessions, throttling and versions; backup and restore are lossless
 * from SQLite to PostgreSQL and back.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { AUDIT_GENESIS, backup, buildApp, keyringOf, openStore, restore, seedDemo, verifyAuditLog, type Store } from "../src/index.js";
import { TEST_AUDIT_KEY, createPgDatabase, skippedWithoutPostgres, testConfig } from "./harness.js";
import { type HttpClient, type ServerProcess, demoPasswords, httpLogin, jixiao, serverEnv, startServer } from "./processes.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A large document (the Yangquan file with many extra scored leaves), slow enough to import that a kill lands mid-way. */
function largeDocument(title: string, leaves: number): Record<string, unknown> {
  const extra = Array.from({ length: leaves }, (_, i) => ({
    id: `X${i}`,
    name: `合成指标${i}`,
    weight: 0,
    target: "≥100",
    unit: "件",
    actual: 90 + (i % 20),
    rule: { type: "proportional" },
  }));
  const indicators = structuredClone(YANGQUAN["indicators"]) as Array<Record<string, unknown>>;
  indicators.push({ id: "X", name: "合成（压力测试）", weight: 0, children: extra });
  return { ...structuredClone(YANGQUAN), meta: { ...(YANGQUAN["meta"] as object), title }, figures: [], indicators };
}

/** Row-level consistency that a half-written transaction would break. */
async function assertConsistent(store: Store): Promise<void> {
  const evaluations = await store.db.selectFrom("evaluations").select(["id", "version"]).execute();
  const ids = new Set(evaluations.map((e) => e.id));
  const revisions = await store.db.selectFrom("revisions").select(["evaluation_id", "version"]).execute();
  for (const r of revisions) assert.ok(ids.has(r.evaluation_id), `revision of a missing evaluation ${r.evaluation_id}`);
  const scoreRows = await store.db.selectFrom("indicator_scores").select(["evaluation_id"]).execute();
  for (const r of scoreRows) assert.ok(ids.has(r.evaluation_id), `indicator_scores of a missing evaluation ${r.evaluation_id}`);
  for (const e of evaluations) {
    const versions = revisions
      .filter((r) => r.evaluation_id === e.id)
      .map((r) => Number(r.version))
      .sort((a, b) => a - b);
    assert.deepEqual(
      versions,
      Array.from({ length: Number(e.version) }, (_, i) => i + 1),
      `evaluation ${e.id} at version ${e.version} has revisions ${versions.join(",")}`,
    );
  }
  const audit = await verifyAuditLog(store.db, AUDIT_GENESIS, keyringOf([TEST_AUDIT_KEY], "test"));
  assert.equal(audit.ok, true, JSON.stringify(audit.problems));
}

async function departmentId(c: HttpClient): Promise<string> {
  const orgs = await c.req("GET", "/api/v1/organisations");
  const dept = (orgs.body as Array<{ id: string; kind: string; name: string }>).find(
    (o) => o.kind === "department" && o.name.includes("教育局"),
  );
  assert.ok(dept, "the demo data has the synthetic 教育局");
  return dept.id;
}

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`operations: crash safety [${kind}]`, async () => {
    if (kind === "postgres" && (await skippedWithoutPostgres("operations: crash safety"))) return;
    let dir: string;
    let pgDb: { url: string; drop: () => Promise<void> } | undefined;
    let env: NodeJS.ProcessEnv;
    let server: ServerProcess | undefined;
    let passwords: Record<string, string>;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "jixiao-ops-"));
      if (kind === "postgres") pgDb = await createPgDatabase();
      env = serverEnv(dir, pgDb?.url);
      server = await startServer(env);
      passwords = demoPasswords(server.output());
      assert.ok(passwords["admin"], `the first start prints the demo accounts:\n${server.output()}`);
    });
    after(async () => {
      await server?.kill();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test("SIGKILL during a burst of edits: every acknowledged write survives, nothing half-applied", async () => {
      const admin = await httpLogin(server!.url, "admin", passwords["admin"]!);
      const created = await admin.req("POST", "/api/v1/evaluations", {
        organisationId: await departmentId(admin),
        document: { ...YANGQUAN, figures: [] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (w: number) => {
        for (let n = 0; !stop; n++) {
          try {
            const cur = await admin.req("GET", `/api/v1/evaluations/${id}`);
            const figures = (cur.body.document.figures ?? []) as unknown[];
            const fid = `w${w}-${n}`;
            const r = await admin.req("PATCH", `/api/v1/evaluations/${id}`, {
              version: cur.body.version,
              changes: [{ path: ["figures", figures.length], value: { id: fid, label: fid, printed: String(n) } }],
              reason: "并发写入测试",
            });
            if (r.status === 200) acknowledged.push(fid);
            else assert.equal(r.status, 409, JSON.stringify(r.body));
          } catch (err) {
            if (stop) return; // the server is gone: a refused or reset connection
            throw err;
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      while (acknowledged.length < 40) await sleep(5);
      stop = true;
      await server!.kill();
      await Promise.all(writers);
      const ackedAtKill = [...acknowledged];

      server = await startServer(env);
      // The session lives in the database: the same cookie still works after the restart.
      const same = await admin.at(server.url).req("GET", "/api/v1/session");
      assert.equal(same.status, 200);
      const after = await admin.at(server.url).req("GET", `/api/v1/evaluations/${id}`);
      const present = new Set((after.body.document.figures as Array<{ id: string }>).map((f) => f.id));
      for (const fid of ackedAtKill) assert.ok(present.has(fid), `acknowledged write ${fid} was lost`);
      // Each applied edit appended exactly one figure and made exactly one version.
      assert.equal(after.body.version, 1 + present.size);
      const store = openStore({ databaseUrl: env["DATABASE_URL"], sqliteFile: join(dir, "jixiao.sqlite") });
      try {
        await assertConsistent(store);
      } finally {
        await store.close();
      }
      const verify = jixiao(["audit-log", "verify"], env);
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    });

    test("SIGKILL in the middle of an import: the evaluation is there whole or not at all", async () => {
      // A clean import of the same size first: how long it takes, and how many derived rows it makes.
      const first = await httpLogin(server!.url, "admin", passwords["admin"]!);
      const t0 = performance.now();
      const clean = await first.req("POST", "/api/v1/evaluations", {
        organisationId: await departmentId(first),
        document: largeDocument(`导入基准 ${kind}`, 3000),
      });
      const took = performance.now() - t0;
      assert.equal(clean.status, 201);
      const cleanRows = await (async () => {
        const store = openStore({ databaseUrl: env["DATABASE_URL"], sqliteFile: join(dir, "jixiao.sqlite") });
        try {
          return (await store.db.selectFrom("indicator_scores").select("node_id").where("evaluation_id", "=", clean.body.id).execute())
            .length;
        } finally {
          await store.close();
        }
      })();
      assert.ok(cleanRows > 3000);
      // Kills spread over the import, from the upload to the commit.
      const delays = [0.2, 0.4, 0.6, 0.75, 0.9, 1.5].map((f) => Math.round(f * took));
      const outcomes: string[] = [];
      for (const [attempt, delay] of delays.entries()) {
        const admin = await httpLogin(server!.url, "admin", passwords["admin"]!);
        const title = `导入中断测试 ${kind} ${attempt}`;
        const doc = largeDocument(title, 3000);
        const upload = admin.req("POST", "/api/v1/evaluations", { organisationId: await departmentId(admin), document: doc }).then(
          (r) => ({ status: r.status }),
          () => ({ status: 0 }),
        );
        await sleep(delay);
        await server!.kill();
        const answered = await upload;
        server = await startServer(env);
        const again = await httpLogin(server.url, "admin", passwords["admin"]!);
        const list = await again.req("GET", `/api/v1/evaluations?q=${encodeURIComponent(title)}`);
        const found = (list.body as Array<{ id: string; title: string; total: string | null }>).filter((e) => e.title === title);
        if (answered.status === 201) assert.equal(found.length, 1, "an acknowledged import must survive the crash");
        assert.ok(found.length <= 1);
        if (found.length === 1) {
          // Whole: its derived rows are all there, the same as a clean import of the same file.
          const store = openStore({ databaseUrl: env["DATABASE_URL"], sqliteFile: join(dir, "jixiao.sqlite") });
          try {
            const rows = await store.db
              .selectFrom("indicator_scores")
              .select("node_id")
              .where("evaluation_id", "=", found[0]!.id)
              .execute();
            assert.equal(rows.length, cleanRows, "derived rows: all of them, as in a clean import");
          } finally {
            await store.close();
          }
          const score = await again.req("GET", `/api/v1/evaluations/${found[0]!.id}/score`);
          assert.equal(score.status, 200);
        }
        outcomes.push(`${delay}ms→${answered.status === 201 ? "acknowledged" : "unanswered"}/${found.length === 1 ? "present" : "absent"}`);
      }
      const store = openStore({ databaseUrl: env["DATABASE_URL"], sqliteFile: join(dir, "jixiao.sqlite") });
      try {
        await assertConsistent(store);
      } finally {
        await store.close();
      }
      console.log(`# import kills [${kind}] (a clean import took ${Math.round(took)} ms): ${outcomes.join(", ")}`);
    });
  });
}

describe("operations: two instances on one PostgreSQL", async () => {
  if (await skippedWithoutPostgres("operations: two instances")) return;
  let db: { url: string; drop: () => Promise<void> };
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  before(async () => {
    db = await createPgDatabase();
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), `jixiao-node${i}-`));
      dirs.push(dir);
      // One after the other: the first seeds the demo data, the second finds it.
      servers.push(await startServer(serverEnv(dir, db.url)));
    }
  });
  after(async () => {
    for (const s of servers) await s.kill();
    await db.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test("a login and an edit made through one instance are seen through the other; a stale edit through the second gets 409", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    assert.notEqual(a.url, b.url);
    const passwords = demoPasswords(a.output());
    assert.deepEqual(demoPasswords(b.output()), {}, "the second instance does not seed again");
    const viaA = await httpLogin(a.url, "admin", passwords["admin"]!);
    const viaB = viaA.at(b.url);
    const me = await viaB.req("GET", "/api/v1/session");
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, "admin");

    const created = await viaA.req("POST", "/api/v1/evaluations", {
      organisationId: await departmentId(viaA),
      document: { ...YANGQUAN, figures: [] },
    });
    const id = created.body.id as string;
    const seenByB = await viaB.req("GET", `/api/v1/evaluations/${id}`);
    assert.equal(seenByB.status, 200);
    assert.equal(seenByB.body.version, 1);
    const edit = await viaA.req("PATCH", `/api/v1/evaluations/${id}`, {
      version: 1,
      changes: [{ path: ["indicators", 3, "score"], value: 8 }],
      reason: "复核",
    });
    assert.equal(edit.status, 200);
    const after = await viaB.req("GET", `/api/v1/evaluations/${id}`);
    assert.equal(after.body.version, 2);
    assert.equal(after.body.total, "86.73");
    const stale = await viaB.req("PATCH", `/api/v1/evaluations/${id}`, {
      version: 1,
      changes: [{ path: ["indicators", 3, "score"], value: 9 }],
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.currentVersion, 2);

    // Login throttling is shared too: failures through A count at B.
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${a.url}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "visitor", password: "wrong" }),
      });
      assert.equal(r.status, 401);
    }
    const sixth = await fetch(`${b.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "visitor", password: "wrong" }),
    });
    assert.equal(sixth.status, 429);

    // A logout through B ends the session at A.
    assert.equal((await viaB.req("DELETE", "/api/v1/session")).status, 204);
    assert.equal((await viaA.req("GET", "/api/v1/session")).status, 401);

    // Graceful shutdown: SIGTERM closes B cleanly (exit 0); A keeps serving.
    assert.equal(await b.stop(), 0);
    assert.equal((await fetch(`${a.url}/healthz`)).status, 200);
  });
});

describe("operations: backup and restore, SQLite → PostgreSQL → SQLite", async () => {
  if (await skippedWithoutPostgres("operations: backup and restore across databases")) return;
  let dir: string;
  let db: { url: string; drop: () => Promise<void> };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "jixiao-backup-"));
    db = await createPgDatabase();
  });
  after(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rowsOf = (file: string) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.startsWith('{"t":'))
      .sort();

  test("every row survives both ways; the audit chain verifies; the restored server works", async () => {
    const first = join(dir, "from-sqlite.jsonl");
    const second = join(dir, "from-postgres.jsonl");
    const third = join(dir, "from-sqlite-again.jsonl");
    // A SQLite database with the demo data and an edit (so there are revisions and audit entries).
    const sqliteDir = join(dir, "a");
    const app = await buildApp(testConfig({ dataDir: sqliteDir }), { logger: false });
    const users = await seedDemo(app);
    await app.close();
    // Through the CLI, as an operator would.
    const b1 = jixiao(["backup", first], { ...process.env, DATABASE_URL: "", JIXIAO_DATA_DIR: sqliteDir });
    assert.equal(b1.status, 0, b1.stdout + b1.stderr);

    const pgStore = openStore({ databaseUrl: db.url, sqliteFile: "" });
    try {
      await restore(pgStore, first);
      assert.equal((await verifyAuditLog(pgStore.db, AUDIT_GENESIS, keyringOf([TEST_AUDIT_KEY], "test"))).ok, true);
      await backup(pgStore, second);
      // Restoring into a database that has data is refused.
      await assert.rejects(restore(pgStore, first), /not empty/);
    } finally {
      await pgStore.close();
    }
    const sqliteStore = openStore({ sqliteFile: join(dir, "b.sqlite") });
    try {
      await restore(sqliteStore, second);
      await backup(sqliteStore, third);
    } finally {
      await sqliteStore.close();
    }
    const original = rowsOf(first);
    assert.ok(original.length > 50);
    assert.deepEqual(rowsOf(second), original);
    assert.deepEqual(rowsOf(third), original);

    // The restored PostgreSQL database serves: the demo admin logs in, Yangquan scores 85.73.
    const restored = await buildApp(testConfig({ dataDir: join(dir, "c"), databaseUrl: db.url }), { logger: false });
    try {
      const admin = users.find((u) => u.username === "admin")!;
      const r = await restored.http.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: "admin", password: admin.password },
      });
      assert.equal(r.statusCode, 200);
      const cookie = String(r.headers["set-cookie"]).split(";")[0]!;
      const list = await restored.http.inject({ url: "/api/v1/evaluations?q=%E9%98%B3%E6%B3%89", headers: { cookie } });
      const yq = (list.json() as Array<{ title: string; total: string; grade: string }>).find((e) =>
        e.title.includes("人力资源和社会保障局"),
      );
      assert.equal(yq?.total, "85.73");
      assert.equal(yq?.grade, "良");
    } finally {
      await restored.close();
    }
  });

  test("a file that is not a backup is refused with its line number, and nothing is written", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"format":"jixiao-backup","version":1}\n{"t":"users","r":{"id":"u1"}}\nnot json\n');
    const store = openStore({ sqliteFile: join(dir, "d.sqlite") });
    try {
      await assert.rejects(restore(store, bad), /bad\.jsonl:3: 不是有效的 JSON/);
      assert.equal((await store.db.selectFrom("users").select("id").execute()).length, 0);
    } finally {
      await store.close();
    }
  });
});
