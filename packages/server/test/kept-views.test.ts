/**
 * Views kept per revision (DerivedCache.view) and the serializer that sends their JSON text again
 * (http.ts keptViewSerializer), and the lineage cache (organisations are only inserted).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as z from "zod";
import { DerivedCache } from "../src/cache/derived-cache.js";
import { LineageCache } from "../src/cache/lineage-cache.js";
import { keptViewSerializer } from "../src/http.js";

const Schema = z.object({ total: z.string(), nodes: z.array(z.object({ id: z.string(), score: z.string().nullable() })) });
const route = { schema: Schema, method: "GET", url: "/x", httpStatus: "200" } as unknown as Parameters<
  ReturnType<typeof keptViewSerializer>
>[0];

describe("kept views", () => {
  it("a kept view is a frozen copy: the engine's arrays it came from stay writable, the view cannot change", () => {
    const cache = new DerivedCache();
    const path = ["indicators", 0];
    const v = cache.view("e@1:score:zh", () => ({ total: "85.73", nodes: [{ id: "a", score: "8.00", path }] }));
    assert.equal(cache.isView(v), true);
    assert.equal(
      cache.view("e@1:score:zh", () => ({ total: "0", nodes: [] })),
      v,
      "the same object for the same revision",
    );
    assert.throws(() => {
      (v.nodes[0] as { score: string }).score = "9.00";
    }, TypeError);
    assert.throws(() => v.nodes.push({ id: "b", score: "1.00", path }), TypeError);
    path.push(1);
    assert.deepEqual(v.nodes[0]!.path, ["indicators", 0]);
    assert.equal(cache.isView({ total: "85.73", nodes: [] }), false);
    assert.equal(cache.isView(cache.get("plain", () => ({ a: 1 }))), false);
  });

  it("the serializer validates every body; a kept view's text is written once and sent again", () => {
    const cache = new DerivedCache();
    const serialize = keptViewSerializer((v) => cache.isView(v))(route);
    const kept = cache.view("k", () => ({ total: "85.73", nodes: [{ id: "a", score: null }] }));
    const first = serialize(kept);
    assert.deepEqual(JSON.parse(first), { total: "85.73", nodes: [{ id: "a", score: null }] });
    assert.equal(serialize(kept), first);
    // Not kept: validated each time, so a bad body is refused every time.
    assert.throws(() => serialize({ total: 85.73, nodes: [] }));
    const fresh = { total: "1.00", nodes: [] as Array<{ id: string; score: string | null }> };
    assert.equal(serialize(fresh), '{"total":"1.00","nodes":[]}');
    fresh.nodes.push({ id: "b", score: "2.00" });
    assert.equal(serialize(fresh), '{"total":"1.00","nodes":[{"id":"b","score":"2.00"}]}');
    // A kept view the schema refuses is refused, and nothing is remembered for it.
    const bad = cache.view("bad", () => ({ total: null, nodes: [] }));
    assert.throws(() => serialize(bad));
    assert.throws(() => serialize(bad));
  });
});

describe("lineage cache", () => {
  it("keeps known lineages frozen, never an unknown id's, and forgets on insert", () => {
    const c = new LineageCache(2);
    c.set("none", []);
    assert.equal(c.get("none"), undefined);
    const lineage = [
      { id: "d", kind: "department" },
      { id: "r", kind: "region" },
    ];
    c.set("d", lineage);
    lineage[0]!.kind = "changed";
    assert.deepEqual(c.get("d"), [
      { id: "d", kind: "department" },
      { id: "r", kind: "region" },
    ]);
    assert.throws(() => ((c.get("d")![0] as { kind: string }).kind = "x"), TypeError);
    c.forget("d");
    assert.equal(c.get("d"), undefined);
    c.set("a", [{ id: "a", kind: "unit" }]);
    c.set("b", [{ id: "b", kind: "unit" }]);
    c.set("c", [{ id: "c", kind: "unit" }]);
    assert.ok(c.size <= 2, "bounded");
  });
});
