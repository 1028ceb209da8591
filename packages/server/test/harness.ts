/**
 * Test harness: every server test runs against both databases. SQLite in a temp directory;
 * PostgreSQL on 127.0.0.1:5432 (JIXIAO_TEST_PG_URL), a fresh database per suite, dropped after.
 * Without PostgreSQL each suite's PostgreSQL half is one skipped test (counted in npm test's
 * "N skipped", with the reason) — unless JIXIAO_REQUIRE_PG=1 (CI), where that is a failure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { type App, type Config, buildApp, loadConfig } from "../src/index.js";
import { hashPassword } from "../src/services/auth-service.js";

export const PG_ADMIN_URL = process.env["JIXIAO_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

let pgAvailable: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

/**
 * Inside a suite that needs PostgreSQL: true when it is not reachable, after registering one
 * skipped test that says so (npm test counts it in "N skipped"); under JIXIAO_REQUIRE_PG=1 (CI)
 * an unreachable PostgreSQL is an error instead.
 */
export async function skippedWithoutPostgres(what: string): Promise<boolean> {
  if (await postgresAvailable()) return false;
  if (process.env["JIXIAO_REQUIRE_PG"] === "1")
    throw new Error(`PostgreSQL is required (JIXIAO_REQUIRE_PG=1) but not reachable at ${PG_ADMIN_URL}`);
  test(
    `${what} on PostgreSQL`,
    { skip: `PostgreSQL not reachable at ${PG_ADMIN_URL} (set JIXIAO_TEST_PG_URL, or start PostgreSQL)` },
    () => {},
  );
  return true;
}

export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `jixiao_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export type DbKind = "sqlite" | "postgres";

export interface Target {
  kind: DbKind;
  config: Config;
  /** The database URL for postgres; the data dir for sqlite. */
  where: string;
}

/** Run `suite` once per database, with a fresh database each. */
export function forEachDatabase(title: string, suite: (t: () => Target) => void): void {
  for (const kind of ["sqlite", "postgres"] as const) {
    describe(`${title} [${kind}]`, async () => {
      let target: Target | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      if (kind === "postgres" && (await skippedWithoutPostgres(title))) return;
      before(async () => {
        if (kind === "sqlite") {
          const dir = mkdtempSync(join(tmpdir(), "jixiao-test-"));
          target = { kind, where: dir, config: testConfig({ dataDir: dir }) };
          cleanup = async () => rmSync(dir, { recursive: true, force: true });
        } else {
          const db = await createPgDatabase();
          const dir = mkdtempSync(join(tmpdir(), "jixiao-test-"));
          target = { kind, where: db.url, config: testConfig({ dataDir: dir, databaseUrl: db.url }) };
          cleanup = async () => {
            await db.drop();
            rmSync(dir, { recursive: true, force: true });
          };
        }
      });
      suite(() => target!);
      // Registered after the suite's own hooks, so the suite closes its app before the
      // database is dropped.
      after(async () => {
        await cleanup?.();
      });
    });
  }
}

export function testConfig(overrides: Partial<Config>): Config {
  return loadConfig(
    {},
    { passwordCost: 10, logLevel: "silent", demo: "never", cookieSecure: "never", auditKey: TEST_AUDIT_KEY, ...overrides },
  );
}

export const PASSWORD = "correct horse battery";
/** The audit key the tests sign with (a real installation keeps its own outside the database). */
export const TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef-0123456789";

/** A small world: a region with two departments, an agency, and one user per role. */
export async function seedWorld(app: App) {
  const { store, services } = app;
  const now = services.clock().toISOString();
  const org = async (name: string, kind: "region" | "department" | "unit" | "agency", parent: string | null) => {
    const id = services.ids();
    await store.db.insertInto("organisations").values({ id, parent_id: parent, name, kind, created_at: now }).execute();
    return id;
  };
  const region = await org("测试市", "region", null);
  const deptA = await org("甲局", "department", region);
  const unitA = await org("甲局下属中心", "unit", deptA);
  const deptB = await org("乙局", "department", region);
  const agency = await org("某评价机构", "agency", region);
  const otherAgency = await org("另一评价机构", "agency", region);
  const hash = await hashPassword(PASSWORD, app.services.config.passwordCost);
  const user = async (username: string, role: string, organisationId: string | null) => {
    const id = services.ids();
    await store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("users")
        .values({
          id,
          username,
          display_name: username,
          password_hash: hash,
          role,
          organisation_id: organisationId,
          disabled: 0,
          created_at: now,
        })
        .execute();
      // As the server does: a user's role is audited (verifyAuditLog checks it).
      await services.audit.append(tx, [
        {
          at: now,
          userId: null,
          action: "user.create",
          entity: "user",
          entityId: id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ username, role, organisationId }),
          reason: null,
        },
      ]);
    });
    return id;
  };
  const users = {
    admin: await user("admin", "finance_admin", region),
    evaluator: await user("evaluator", "evaluator", agency),
    otherEvaluator: await user("evaluator2", "evaluator", otherAgency),
    deptA: await user("depta", "department", deptA),
    deptB: await user("deptb", "department", deptB),
    expert: await user("expert", "expert", null),
    visitor: await user("visitor", "visitor", null),
  };
  return { orgs: { region, deptA, unitA, deptB, agency, otherAgency }, users };
}

export interface Client {
  csrf: string;
  cookie: string;
  req(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

/** Log in through the API and return a client carrying the cookie and CSRF token. */
export async function login(app: App, username: string, password = PASSWORD): Promise<Client> {
  const r = await app.http.inject({ method: "POST", url: "/api/v1/session", payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  const setCookie = String(r.headers["set-cookie"]);
  const cookie = setCookie.split(";")[0]!;
  const csrf = (r.json() as { csrfToken: string }).csrfToken;
  return {
    csrf,
    cookie,
    async req(method, url, body, headers = {}) {
      const res = await app.http.inject({
        method: method as "GET",
        url,
        payload: body as object,
        headers: { cookie, "x-csrf-token": csrf, ...headers },
      });
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
  };
}

/** A multipart/form-data body with one file field `file` (uploads: tables, evidence). */
export function multipartBody(filename: string, data: Uint8Array): { payload: Buffer; contentType: string } {
  const boundary = "----jixiao-test-upload";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    "utf8",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "utf8");
  return { payload: Buffer.concat([head, Buffer.from(data), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export { buildApp };
