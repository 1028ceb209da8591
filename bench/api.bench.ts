/**
 * npm run bench:api — load on loopback against a real server process (`jixiao serve` from the
 * source tree, bench/api-server.ts), on SQLite and (when reachable) PostgreSQL in one run: reading
 * an evaluation's scores (autocannon) and updating one leaf (PATCH with the version, each writer
 * on its own evaluation, as different evaluators would). Prints requests/s, p50 and p99, the
 * server's CPU time per request, and then verifies the audit chain the writes built (the check
 * `jixiao audit-log verify` runs). Figures, never assertions.
 *
 * BENCH_SECONDS (default 10) sets each phase's length; BENCH_CONNECTIONS (default 10) the
 * number of concurrent connections or writers.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { parse } from "yaml";
import { AUDIT_GENESIS, keyringOf, openStore, verifyAuditLog } from "@jixiao/server";
import { chainOf } from "../packages/server/src/db/audit-chains.js";
import type { Store } from "../packages/server/src/db/database.js";
import { AuditRepository } from "../packages/server/src/repositories/audit-repository.js";
import { createPgDatabase, postgresAvailable } from "../packages/server/test/harness.js";
import { type HttpClient, demoPasswords, httpLogin, serverEnv, startServer } from "../packages/server/test/processes.js";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 10);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
/** The server from source (tsx), so the figures are of the code as it is, not of the last build. */
const SERVER = ["--conditions=jixiao-src", "--import", "tsx", fileURLToPath(new URL("./api-server.ts", import.meta.url))];
const YANGQUAN = parse(readFileSync(new URL("../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<string, unknown>;

/** The server process's CPU time so far (user + system), in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function createEvaluations(admin: HttpClient, n: number): Promise<Array<{ id: string; version: number }>> {
  const orgs = (await admin.req("GET", "/api/v1/organisations")).body as Array<{ id: string; kind: string }>;
  const dept = orgs.find((o) => o.kind === "department")!;
  const out: Array<{ id: string; version: number }> = [];
  for (let i = 0; i < n; i++) {
    const r = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: dept.id,
      document: { ...YANGQUAN, meta: { ...(YANGQUAN["meta"] as object), title: `压测 ${i}` } },
    });
    if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
    out.push({ id: r.body.id, version: r.body.version });
  }
  return out;
}

async function reads(url: string, admin: HttpClient, id: string, pid: number | undefined): Promise<string> {
  const cpu0 = cpuMs(pid);
  const result = await autocannon({
    url: `${url}/api/v1/evaluations/${id}/score`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie: admin.cookie },
  });
  const ok = result["2xx"];
  const bad = result.non2xx + result.errors;
  const cpu = (cpuMs(pid) - cpu0) / Math.max(1, ok + bad);
  return `reads  (GET …/score)     ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   server CPU ${cpu.toFixed(2)} ms/req   (${ok} ok, ${bad} not ok)`;
}

async function writes(admin: HttpClient, targets: Array<{ id: string; version: number }>, pid: number | undefined): Promise<string> {
  const cpu0 = cpuMs(pid);
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    targets.map(async (t) => {
      for (let n = 0; performance.now() < end; n++) {
        const s = performance.now();
        const r = await admin.req("PATCH", `/api/v1/evaluations/${t.id}`, {
          version: t.version,
          changes: [{ path: ["indicators", 3, "score"], value: n % 2 === 0 ? 8 : 7 }],
          reason: "压测",
        });
        latencies.push(performance.now() - s);
        if (r.status === 200) t.version = r.body.version as number;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const cpu = (cpuMs(pid) - cpu0) / Math.max(1, latencies.length);
  return `writes (PATCH one leaf)   ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${quantile(latencies, 0.5).toFixed(0).padStart(4)} ms   p99 ${quantile(latencies, 0.99).toFixed(0).padStart(4)} ms   server CPU ${cpu.toFixed(2)} ms/req   (${latencies.length - failed} ok, ${failed} not ok)`;
}

/**
 * The audit append alone (no HTTP, no document): CONNECTIONS transactions at a time, each one
 * entry, either all about one entity (one chain: every transaction waits for the one before to
 * commit, as every write did with the single head before migration 0008) or each writer about its
 * own entity in its own chain.
 */
async function appends(store: Store, keys: ReturnType<typeof keyringOf>, spread: boolean): Promise<string> {
  const repo = new AuditRepository(store, keys);
  const ids: string[] = [];
  const chains = new Set<number>();
  for (let i = 0; ids.length < CONNECTIONS; i++) {
    const id = spread ? `bench-${i}` : "bench-one";
    if (spread && chains.has(chainOf("bench", id))) continue;
    chains.add(chainOf("bench", id));
    ids.push(id);
  }
  let n = 0;
  const end = performance.now() + (SECONDS * 1000) / 2;
  const t0 = performance.now();
  await Promise.all(
    ids.map(async (id) => {
      while (performance.now() < end) {
        await store.db.transaction().execute((tx) =>
          repo.append(tx, [
            {
              at: new Date().toISOString(),
              userId: null,
              action: "bench.append",
              entity: "bench",
              entityId: id,
              path: "",
              oldValue: null,
              newValue: String(n),
              reason: null,
            },
          ]),
        );
        n++;
      }
    }),
  );
  const label = spread ? `${chains.size} chains` : "one chain";
  return `audit appends, ${label.padEnd(10)} ${(n / ((performance.now() - t0) / 1000)).toFixed(0).padStart(6)} tx/s   (${CONNECTIONS} transactions at a time, one entry each, no HTTP)`;
}

async function run(kind: "sqlite" | "postgres"): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-bench-"));
  const pg = kind === "postgres" ? await createPgDatabase() : undefined;
  const env: NodeJS.ProcessEnv = { ...serverEnv(dir, pg?.url), LOG_LEVEL: "error" };
  const server = await startServer(env, 60_000, SERVER);
  try {
    const admin = await httpLogin(server.url, "admin", demoPasswords(server.output())["admin"]!);
    const targets = await createEvaluations(admin, CONNECTIONS);
    console.log(`\n[${kind}] ${CONNECTIONS} connections, ${SECONDS} s each`);
    console.log(await reads(server.url, admin, targets[0]!.id, server.proc.pid));
    console.log(await writes(admin, targets, server.proc.pid));
    await server.stop();
    // The audit appends alone, then the chains all of it built, checked as `jixiao audit-log verify` does.
    const store = openStore({ databaseUrl: pg?.url, sqliteFile: join(dir, "jixiao.sqlite") });
    try {
      const keys = keyringOf([env["JIXIAO_AUDIT_KEY"]!], "bench");
      console.log(await appends(store, keys, false));
      console.log(await appends(store, keys, true));
      const t0 = performance.now();
      const v = await verifyAuditLog(store.db, AUDIT_GENESIS, keys);
      const took = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(
        `audit-log verify          ${v.ok ? "intact" : "TAMPERED"}: ${v.entries} entries in ${v.chains} chains, ${v.revisions} revisions, ${v.evaluations} evaluations (${took} s)` +
          (v.ok ? "" : `; first problem: #${v.problems[0]!.seq} ${v.problems[0]!.reason}`),
      );
      if (!v.ok) process.exitCode = 1;
    } finally {
      await store.close();
    }
  } finally {
    await server.kill();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Jixiao API benchmark — loopback, Node ${process.version}; aims on 2 cores: reads ≥ 2,000/s with p99 < 50 ms, writes ≥ 300/s`);
await run("sqlite");
if (await postgresAvailable()) await run("postgres");
else console.log("\n[postgres] SKIPPED: PostgreSQL not reachable (set JIXIAO_TEST_PG_URL)");
