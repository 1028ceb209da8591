/**
 * npm run bench:api — load on loopback against a real `jixiao serve` process, on SQLite and (when
 * reachable) PostgreSQL: reading an evaluation's scores (autocannon) and updating one leaf
 * (PATCH with the version, each writer on its own evaluation, as different evaluators would).
 * Prints requests/s, p50 and p99. Figures, never assertions.
 *
 * BENCH_SECONDS (default 10) sets each phase's length; BENCH_CONNECTIONS (default 10) the
 * number of concurrent connections or writers.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { parse } from "yaml";
import { createPgDatabase, postgresAvailable } from "../packages/server/test/harness.js";
import { type HttpClient, demoPasswords, httpLogin, serverEnv, startServer } from "../packages/server/test/processes.js";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 10);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const YANGQUAN = parse(readFileSync(new URL("../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<string, unknown>;

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

async function reads(url: string, admin: HttpClient, id: string): Promise<string> {
  const result = await autocannon({
    url: `${url}/api/v1/evaluations/${id}/score`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie: admin.cookie },
  });
  const ok = result["2xx"];
  const bad = result.non2xx + result.errors;
  return `reads  (GET …/score)     ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   (${ok} ok, ${bad} not ok)`;
}

async function writes(admin: HttpClient, targets: Array<{ id: string; version: number }>): Promise<string> {
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
  return `writes (PATCH one leaf)   ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${quantile(latencies, 0.5).toFixed(0).padStart(4)} ms   p99 ${quantile(latencies, 0.99).toFixed(0).padStart(4)} ms   (${latencies.length - failed} ok, ${failed} not ok)`;
}

async function run(kind: "sqlite" | "postgres"): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "jixiao-bench-"));
  const pg = kind === "postgres" ? await createPgDatabase() : undefined;
  const env = { ...serverEnv(dir, pg?.url), LOG_LEVEL: "error" };
  const server = await startServer(env);
  try {
    const admin = await httpLogin(server.url, "admin", demoPasswords(server.output())["admin"]!);
    const targets = await createEvaluations(admin, CONNECTIONS);
    console.log(`\n[${kind}] ${CONNECTIONS} connections, ${SECONDS} s each`);
    console.log(await reads(server.url, admin, targets[0]!.id));
    console.log(await writes(admin, targets));
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
