/**
 * The server serves the built web app: "/" and client-side routes get index.html (never
 * cached), hashed assets are cached for a year, /api paths stay JSON 404s, and nothing outside
 * packages/web/dist can be read.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type App, buildApp, loadConfig } from "@jixiao/server";
import { WEB_DIST } from "./server.js";

describe("the server serves packages/web/dist", () => {
  let app: App;
  let dir: string;
  before(async () => {
    assert.ok(existsSync(new URL("index.html", WEB_DIST)), "packages/web/dist is built (npm test builds it)");
    dir = mkdtempSync(join(tmpdir(), "jixiao-web-serve-"));
    app = await buildApp(loadConfig({}, { dataDir: dir, logLevel: "silent", demo: "never", passwordCost: 10 }), { logger: false });
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("index.html at / and for client-side routes, never cached", async () => {
    for (const url of ["/", "/evaluations", "/evaluations/abc/scoring?x=1"]) {
      const r = await app.http.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.match(r.body, /<div id="root"><\/div>/, url);
      assert.equal(r.headers["cache-control"], "no-cache", url);
    }
  });

  test("hashed assets are served and cached; missing files and other folders are 404", async () => {
    const asset = readdirSync(new URL("assets/", WEB_DIST)).find(
      (f) => f.endsWith(".js") && readdirSync(new URL("assets/", WEB_DIST)).includes(`${f}.br`),
    )!;
    const r = await app.http.inject({ url: `/assets/${asset}` });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers["cache-control"]), /immutable/);
    const br = await app.http.inject({ url: `/assets/${asset}`, headers: { "accept-encoding": "br, gzip" } });
    assert.equal(br.headers["content-encoding"], "br", "precompressed by the build, sent as it is");
    for (const url of ["/assets/missing-0000.js", "/../package.json", "/assets/%2e%2e/%2e%2e/package.json"]) {
      assert.equal((await app.http.inject({ url })).statusCode, 404, url);
    }
  });

  test("/api paths are never the web app", async () => {
    const r = await app.http.inject({ url: "/api/v1/no-such-route" });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().error.code, "not-found");
  });
});
