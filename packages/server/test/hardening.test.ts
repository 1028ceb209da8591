/**
 * Issue 10, hole 8: security headers on every response (CSP, nosniff, no framing, no referrer),
 * titles capped and download names bounded, the Markdown report escapes HTML in user text.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { type App } from "../src/index.js";
import { MAX_FILENAME_CHARS, attachment, shortFilename } from "../src/routes/content-disposition.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const YANGQUAN = parse(readFileSync(new URL("../../../examples/yangquan-hrss-2021.yaml", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const withTitle = (title: string) => ({ ...structuredClone(YANGQUAN), meta: { ...(YANGQUAN["meta"] as object), title } });

forEachDatabase("hardening", (target) => {
  let app: App;
  let admin: Client;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
  });
  after(async () => app.close());

  test("every response carries the security headers: a CSP without inline script, nosniff, no framing, no referrer", async () => {
    for (const url of ["/healthz", "/api/v1/session", "/api/docs/json", "/no-such-page"]) {
      const r = await app.http.inject({ url });
      const csp = String(r.headers["content-security-policy"]);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self'(;|$)/, `${url}: scripts from this origin only, nothing inline: ${csp}`);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-eval/, url);
      assert.equal(r.headers["x-content-type-options"], "nosniff", url);
      assert.equal(r.headers["x-frame-options"], "DENY", url);
      assert.equal(r.headers["referrer-policy"], "no-referrer", url);
    }
  });

  test("a 5,000-character title is refused (at most 200), on create and on a field edit", async () => {
    const long = "很长的标题".repeat(1000);
    const created = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: withTitle(long) });
    assert.equal(created.status, 400, JSON.stringify(created.body).slice(0, 300));
    assert.ok(
      created.body.error.fields.some((f: { path: string }) => f.path === "document.meta.title"),
      JSON.stringify(created.body.error.fields).slice(0, 300),
    );
    const ok = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: withTitle("题".repeat(200)) });
    assert.equal(ok.status, 201);
    const patched = await admin.req("PATCH", `/api/v1/evaluations/${ok.body.id}`, {
      version: ok.body.version,
      changes: [{ path: ["meta", "title"], value: long }],
    });
    assert.equal(patched.status, 400);
  });

  test("download names stay short (RFC 5987 form, extension kept) and the Markdown report escapes HTML in the title", async () => {
    const title = `<script>alert(1)</script>${"年度部门整体支出绩效评价".repeat(16)}`.slice(0, 200);
    const created = await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, document: withTitle(title) });
    assert.equal(created.status, 201, JSON.stringify(created.body).slice(0, 300));
    for (const [url, ext] of [
      [`/api/v1/evaluations/${created.body.id}/report?format=md`, ".md"],
      [`/api/v1/evaluations/${created.body.id}/export`, ".json"],
    ] as const) {
      const r = await app.http.inject({ url, headers: { cookie: admin.cookie } });
      assert.equal(r.statusCode, 200, r.body.slice(0, 300));
      const cd = String(r.headers["content-disposition"]);
      assert.ok(cd.length < 1000, `${cd.length} characters`);
      const m = /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''([A-Za-z0-9%!._~-]+)$/.exec(cd);
      assert.ok(m, cd);
      const name = decodeURIComponent(m[1]!);
      assert.ok(name.endsWith(`…${ext}`), name);
      assert.equal([...name].length, MAX_FILENAME_CHARS + ext.length);
      if (ext === ".md") {
        assert.ok(r.body.startsWith("# &lt;script&gt;alert(1)&lt;/script&gt;"), r.body.slice(0, 100));
        assert.doesNotMatch(r.body, /<script>/);
      }
    }
  });
});

test("file names: short ones unchanged, long ones cut before the extension on a character boundary; no control characters", () => {
  assert.equal(shortFilename("阳泉市.docx"), "阳泉市.docx");
  const cut = shortFilename(`${"😀".repeat(200)}.pdf`);
  assert.equal([...cut].length, MAX_FILENAME_CHARS + 4);
  assert.ok(cut.endsWith("….pdf"));
  assert.equal(shortFilename("a\r\nb/c.md"), "a  b c.md");
  assert.equal(
    attachment("报告 (1)'s.md", "report.md"),
    "attachment; filename=\"report.md\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%281%29%27s.md",
  );
});
