/**
 * A real Jixiao server for the browser tests: SQLite in a temp directory, the demo data
 * (Yangquan + the synthetic portfolio) and one user per role, listening on a free port and
 * serving the built web app (packages/web/dist).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, buildApp, loadConfig, seedDemo } from "@jixiao/server";

export interface TestServer {
  url: string;
  app: App;
  passwords: Record<string, string>;
  close(): Promise<void>;
}

export const WEB_DIST = new URL("../dist/", import.meta.url);

export async function startServer(): Promise<TestServer> {
  if (!existsSync(new URL("index.html", WEB_DIST)))
    throw new Error("packages/web/dist is missing: run `npm run build -w packages/web` (npm test builds it)");
  const dir = mkdtempSync(join(tmpdir(), "jixiao-web-"));
  const config = loadConfig(
    {},
    { dataDir: dir, passwordCost: 10, logLevel: "silent", demo: "never", cookieSecure: "never", loginAttempts: 100, port: 0 },
  );
  const app = await buildApp(config, { logger: false });
  const users = await seedDemo(app);
  const address = await app.http.listen({ port: 0, host: "127.0.0.1" });
  return {
    url: address,
    app,
    passwords: Object.fromEntries(users.map((u) => [u.username, u.password])),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The API as `user`, from Node (to check that what the screens say is what the API says). */
export async function apiAs(server: TestServer, user: string) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: user, password: server.passwords[user] }),
  });
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
}
