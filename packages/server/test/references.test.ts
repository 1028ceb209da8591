/**
 * Bad references answer 4xx naming the field, never 500: an unknown agency, expert, indicator or
 * organisation, a node listed twice, and a username taken by a request that won the race (the
 * database's unique constraint, mapped in db/constraint-errors.ts).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { App } from "../src/index.js";
import { constraintError } from "../src/db/constraint-errors.js";
import { errorResponse } from "../src/http.js";
import { type Client, buildApp, forEachDatabase, login, seedWorld } from "./harness.js";

const fieldsOf = (body: { error: { fields?: Array<{ path: string }> } }) => (body.error.fields ?? []).map((f) => f.path);

forEachDatabase("bad references", (target) => {
  let app: App;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let admin: Client;
  let evaluation: { id: string; version: number };
  before(async () => {
    app = await buildApp(target().config, { logger: false });
    world = await seedWorld(app);
    admin = await login(app, "admin");
    evaluation = (await admin.req("POST", "/api/v1/evaluations", { organisationId: world.orgs.deptA, template: "project" })).body;
  });
  after(async () => app.close());

  test("an unknown agency is a 400 naming agencyId", async () => {
    const r = await admin.req("POST", "/api/v1/evaluations", {
      organisationId: world.orgs.deptA,
      agencyId: "no-such-agency",
      template: "project",
    });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.deepEqual(fieldsOf(r.body), ["agencyId"]);
  });

  test("an unknown organisation is a 400 naming organisationId (evaluations and users)", async () => {
    const e = await admin.req("POST", "/api/v1/evaluations", { organisationId: "no-such-org", template: "project" });
    assert.equal(e.status, 400);
    assert.deepEqual(fieldsOf(e.body), ["organisationId"]);
    const u = await admin.req("POST", "/api/v1/users", {
      username: "nowhere",
      displayName: "x",
      password: "a long password",
      role: "visitor",
      organisationId: "no-such-org",
    });
    assert.equal(u.status, 400, JSON.stringify(u.body));
    assert.deepEqual(fieldsOf(u.body), ["organisationId"]);
  });

  test("assigning an expert: unknown user, a user who is not an expert, duplicate and unknown indicators are 400s naming the field", async () => {
    const assign = (userId: string, nodeIds: string[]) =>
      admin.req("PUT", `/api/v1/evaluations/${evaluation.id}/experts/${userId}`, { nodeIds });
    const unknown = await assign("no-such-user", ["A"]);
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.equal(unknown.body.error.code, "unknown-expert");
    assert.deepEqual(fieldsOf(unknown.body), ["userId"]);
    assert.equal((await assign(world.users.deptA, ["A"])).status, 400, "a department user is not an expert");
    const twice = await assign(world.users.expert, ["A", "A"]);
    assert.equal(twice.status, 400, JSON.stringify(twice.body));
    assert.equal(twice.body.error.code, "duplicate-node");
    assert.deepEqual(fieldsOf(twice.body), ["nodeIds[1]"]);
    const missing = await assign(world.users.expert, ["A", "Z9"]);
    assert.equal(missing.status, 400);
    assert.deepEqual(fieldsOf(missing.body), ["nodeIds[1]"]);
    assert.equal((await assign(world.users.expert, ["A", "B"])).status, 204);
  });

  test("the same username created by several requests at once: one 201, the others 409 naming username", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        admin.req("POST", "/api/v1/users", {
          username: "raced",
          displayName: `raced ${i}`,
          password: "a long password",
          role: "visitor",
          organisationId: world.orgs.region,
        }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], JSON.stringify(attempts.map((a) => a.body)));
    for (const a of attempts.filter((x) => x.status === 409)) {
      assert.equal(a.body.error.code, "username-taken");
      assert.deepEqual(fieldsOf(a.body), ["username"]);
    }
  });
});

test("constraint errors of both drivers map to 4xx naming the field", () => {
  const sqliteUnique = Object.assign(new Error("UNIQUE constraint failed: users.username"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
  const pgUnique = Object.assign(new Error('duplicate key value violates unique constraint "users_username_key"'), {
    code: "23505",
    table: "users",
    detail: "Key (username)=(bob) already exists.",
  });
  // Through the one HTTP mapping (http.ts errorResponse), as the error handler sends them.
  const http = (e: unknown) => {
    const d = constraintError(e);
    return d && errorResponse(d);
  };
  for (const e of [sqliteUnique, pgUnique]) {
    const m = http(e);
    assert.equal(m?.status, 409);
    assert.equal(m?.body.error.code, "username-taken");
    assert.deepEqual(
      m?.body.error.fields?.map((f) => f.path),
      ["username"],
    );
  }
  const pgAssign = http(
    Object.assign(new Error("dup"), {
      code: "23505",
      table: "expert_assignments",
      detail: "Key (evaluation_id, user_id, node_id)=(e, u, A) already exists.",
    }),
  );
  assert.deepEqual([pgAssign?.status, pgAssign?.body.error.code], [409, "duplicate-node"]);
  const sqliteFk = http(Object.assign(new Error("FOREIGN KEY constraint failed"), { code: "SQLITE_CONSTRAINT_FOREIGNKEY" }));
  assert.deepEqual([sqliteFk?.status, sqliteFk?.body.error.code], [422, "unknown-reference"]);
  const pgFk = http(
    Object.assign(new Error("fk"), {
      code: "23503",
      table: "evaluations",
      detail: 'Key (agency_id)=(x) is not present in table "organisations".',
    }),
  );
  assert.deepEqual([pgFk?.status, pgFk?.body.error.fields?.map((f) => f.path)], [422, ["agencyId"]]);
  assert.equal(constraintError(new Error("something else")), undefined);
});
