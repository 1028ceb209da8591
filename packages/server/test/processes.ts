/**
 * Real server processes for the tests that need them: `jixiao serve` started as a child process
 * (the built binary, as a user runs it), talked to over HTTP, and killed with SIGKILL where a
 * test wants a crash. The harness in harness.ts runs the app in-process; this one does not.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const JIXIAO_BIN = join(ROOT, "packages/cli/bin/jixiao.js");

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no flush — a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Environment for a server on a fresh data dir (and `databaseUrl` when given). */
export function serverEnv(dataDir: string, databaseUrl?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    JIXIAO_DATA_DIR: dataDir,
    JIXIAO_PASSWORD_COST: "10",
    LOG_LEVEL: "warn",
    JIXIAO_COOKIE_SECURE: "never",
    JIXIAO_AUDIT_KEY: "test-audit-key-0123456789abcdef-0123456789",
  };
  delete env["DATABASE_URL"];
  if (databaseUrl) env["DATABASE_URL"] = databaseUrl;
  return env;
}

/** Start `jixiao serve` (or node with `args`: another way to start it) and wait until it prints its address. */
export function startServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000, args = [JIXIAO_BIN, "serve"]): Promise<ServerProcess> {
  const proc = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        proc,
        output: () => out,
        async kill() {
          proc.kill("SIGKILL");
          await exited;
        },
        async stop() {
          proc.kill("SIGTERM");
          return exited;
        },
      });
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (!/listening on/.test(out)) reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}

/** The demo accounts a first start prints (and, on SQLite, writes to DATA_DIR/demo-users.txt). */
export function demoPasswords(printed: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of printed.split("\n")) {
    const m = /^\s+(\S+)\s+(\S+)\s{3}/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export interface HttpClient {
  cookie: string;
  csrf: string;
  req(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The same session, sent to another server. */
  at(url: string): HttpClient;
}

function client(url: string, cookie: string, csrf: string): HttpClient {
  return {
    cookie,
    csrf,
    async req(method, path, body) {
      const r = await fetch(url + path, {
        method,
        headers: { cookie, "x-csrf-token": csrf, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: r.status, body: parsed };
    },
    at: (other) => client(other, cookie, csrf),
  };
}

/** Log in over HTTP. */
export async function httpLogin(url: string, username: string, password: string): Promise<HttpClient> {
  const r = await fetch(`${url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username} at ${url}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return client(url, cookie, csrfToken);
}

/** Run the built `jixiao` binary to completion. */
export function jixiao(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [JIXIAO_BIN, ...args], { env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
