/**
 * Issue 10, hole 7: logins behind (or without) a proxy. X-Forwarded-* count only from a configured
 * proxy; throttling is per account and address so that guessing is slow but a stranger cannot
 * lock a real user out; a wrong current password when changing it is throttled like a login.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type App, loadConfig } from "../src/index.js";
import { PASSWORD, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

forEachDatabase("login security", (target) => {
  let app: App;
  let now = new Date("2026-03-01T08:00:00Z");
  const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  before(async () => {
    // The defaults an installation starts with (the harness turns Secure cookies off).
    app = await buildApp({ ...target().config, cookieSecure: "auto" }, { logger: false, clock: () => now });
    await seedWorld(app);
  });
  after(async () => app.close());

  const attempt = (username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.http.inject({ method: "POST", url: "/api/v1/session", payload: { username, password }, remoteAddress, headers });

  test("without JIXIAO_TRUST_PROXY, a rotating X-Forwarded-For does not escape the throttle", async () => {
    for (let i = 0; i < 5; i++)
      assert.equal((await attempt("depta", `guess ${i}`, "203.0.113.7", { "x-forwarded-for": `198.51.100.${i}` })).statusCode, 401);
    const sixth = await attempt("depta", "guess 6", "203.0.113.7", { "x-forwarded-for": "198.51.100.99" });
    assert.equal(sixth.statusCode, 429);
    assert.ok(Number(sixth.headers["retry-after"]) > 0);
    // Even the right password from that address waits: the pair is throttled …
    assert.equal((await attempt("depta", PASSWORD, "203.0.113.7", { "x-forwarded-for": "198.51.100.100" })).statusCode, 429);
    // … the rows recorded the real peer address, not the header.
    const rows = await app.store.db.selectFrom("login_attempts").select("ip").where("username", "=", "depta").execute();
    assert.deepEqual([...new Set(rows.map((r) => r.ip))], ["203.0.113.7"]);
  });

  test("five wrong passwords from one address do not stop the real user logging in from another", async () => {
    for (let i = 0; i < 5; i++) assert.equal((await attempt("deptb", `guess ${i}`, "203.0.113.8")).statusCode, 401);
    assert.equal((await attempt("deptb", "guess 5", "203.0.113.8")).statusCode, 429);
    const real = await attempt("deptb", PASSWORD, "192.0.2.10");
    assert.equal(real.statusCode, 200, real.body);
  });

  test("a distributed guesser only slows the account (seconds, not a lock-out); the real user gets in after waiting", async () => {
    // 10 failures (2 × 5) from 10 addresses; after that each guess waits 1, 2, 4 … at most 60 s.
    for (let i = 0; i < 10; i++) assert.equal((await attempt("evaluator", `guess ${i}`, `198.51.100.${i}`)).statusCode, 401);
    for (let k = 0; k < 8; k++) {
      const early = await attempt("evaluator", `guess x${k}`, `198.51.100.${50 + k}`);
      assert.equal(early.statusCode, 429);
      assert.equal(Number(early.headers["retry-after"]), Math.min(2 ** k, 60));
      advance(Number(early.headers["retry-after"]));
      assert.equal((await attempt("evaluator", `guess x${k}`, `198.51.100.${50 + k}`)).statusCode, 401);
    }
    const slowed = await attempt("evaluator", PASSWORD, "192.0.2.20");
    assert.equal(slowed.statusCode, 429);
    const wait = Number(slowed.headers["retry-after"]);
    assert.equal(wait, 60, "waits a minute at most, never 15");
    advance(wait);
    assert.equal((await attempt("evaluator", PASSWORD, "192.0.2.20")).statusCode, 200);
    // The success clears the account's failures: the next guess is a plain 401 again.
    assert.equal((await attempt("evaluator", "guess again", "198.51.100.200")).statusCode, 401);
    advance(16 * 60);
  });

  test("password-change guessing is throttled like a login (a stolen session cannot brute-force the password)", async () => {
    const c = await login(app, "evaluator2");
    advance(1);
    for (let i = 0; i < 5; i++) {
      const r = await c.req("POST", "/api/v1/session/password", {
        currentPassword: `guess number ${i}`,
        newPassword: "a new password 123",
      });
      assert.equal(r.status, 403);
    }
    const sixth = await c.req("POST", "/api/v1/session/password", { currentPassword: PASSWORD, newPassword: "a new password 123" });
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.error.code, "login-throttled");
    assert.ok(Number(sixth.headers["retry-after"]) > 0);
    advance(16 * 60);
    assert.equal(
      (await c.req("POST", "/api/v1/session/password", { currentPassword: PASSWORD, newPassword: "a new password 123" })).status,
      204,
    );
  });

  test("X-Forwarded-Proto does not make the cookie Secure unless the proxy is trusted; a trusted proxy's X-Forwarded-For counts", async () => {
    const plain = await attempt("visitor", PASSWORD, "127.0.0.1", { "x-forwarded-proto": "https" });
    assert.equal(plain.statusCode, 200);
    assert.doesNotMatch(String(plain.headers["set-cookie"]), /Secure/i);
    const behind = await buildApp(
      { ...target().config, cookieSecure: "auto", trustProxy: ["127.0.0.1"] },
      { logger: false, store: app.store, clock: () => now },
    );
    try {
      const viaProxy = await behind.http.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: "visitor", password: PASSWORD },
        remoteAddress: "127.0.0.1",
        headers: { "x-forwarded-proto": "https", "x-forwarded-for": "192.0.2.55" },
      });
      assert.equal(viaProxy.statusCode, 200);
      assert.match(String(viaProxy.headers["set-cookie"]), /Secure/);
      const rows = await behind.store.db.selectFrom("login_attempts").select("ip").where("username", "=", "visitor").execute();
      assert.ok(
        rows.some((r) => r.ip === "192.0.2.55"),
        "the proxy's X-Forwarded-For is the recorded address",
      );
      // A client that is not the proxy cannot claim an address or HTTPS.
      const direct = await behind.http.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: "visitor", password: PASSWORD },
        remoteAddress: "203.0.113.9",
        headers: { "x-forwarded-proto": "https", "x-forwarded-for": "192.0.2.56" },
      });
      assert.doesNotMatch(String(direct.headers["set-cookie"]), /Secure/i);
    } finally {
      await behind.close();
    }
  });

  test("expired sessions and old login attempts are deleted (on login and by the periodic sweep)", async () => {
    const c = await login(app, "admin");
    assert.equal((await c.req("GET", "/api/v1/session")).status, 200);
    const count = async () => ({
      sessions: (await app.store.db.selectFrom("sessions").select("id").execute()).length,
      attempts: (await app.store.db.selectFrom("login_attempts").select("id").execute()).length,
    });
    const before = await count();
    assert.ok(before.sessions > 0 && before.attempts > 0);
    advance(13 * 3600); // sessions last 12 hours
    await attempt("nobody", "whatever", "192.0.2.99"); // a login, even a failed one, sweeps
    const afterLogin = await count();
    assert.equal(afterLogin.sessions, 0);
    assert.equal((await c.req("GET", "/api/v1/session")).status, 401);
    advance(25 * 3600); // attempts are kept a day
    const swept = await app.services.auth.removeExpired();
    assert.ok(swept.attempts >= 1);
    assert.equal((await count()).attempts, 0);
  });
});

test('JIXIAO_TRUST_PROXY takes the proxies\' addresses or networks; "true" and hop counts are refused', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.deepEqual(loadConfig({ JIXIAO_TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1" }).trustProxy, ["127.0.0.1", "10.0.0.0/8", "::1"]);
  for (const bad of ["true", "1", "10.0.0.0/33", "proxy.local"])
    assert.throws(() => loadConfig({ JIXIAO_TRUST_PROXY: bad }), /JIXIAO_TRUST_PROXY: .*proxies' addresses/, bad);
});
