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
