import { type Kysely, sql } from "kysely";
import type { Database, OrganisationsTable } from "../db/database.js";
import type { LineageCache } from "../cache/lineage-cache.js";

export class OrganisationRepository {
  /** `lineages`, when given, answers `pathOf` and `lineage` without a query once an organisation's lineage is known (cache/lineage-cache.ts). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly lineages?: LineageCache,
  ) {}

  list(): Promise<OrganisationsTable[]> {
    return this.db.selectFrom("organisations").selectAll().orderBy("created_at").orderBy("name").execute();
  }

  get(id: string): Promise<OrganisationsTable | undefined> {
    return this.db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async insert(row: OrganisationsTable): Promise<void> {
    await this.db.insertInto("organisations").values(row).execute();
    this.lineages?.forget(row.id);
  }

  /** The organisation and its ancestors, nearest first. */
  async pathOf(id: string): Promise<string[]> {
    return (await this.lineage(id)).map((o) => o.id);
  }

  /** The organisation and its ancestors with their kinds, nearest first; [] when there is no such organisation. */
  async lineage(id: string | null): Promise<Array<{ id: string; kind: string }>> {
    if (id === null) return [];
    const known = this.lineages?.get(id);
    if (known) return known.map((o) => ({ id: o.id, kind: o.kind }));
    // Walk up with a recursive query (SQLite and PostgreSQL both have WITH RECURSIVE), so a
    // province with thousands of units is not read whole on every request. Depth-limited
    // against a cycle in bad data.
    const rows = await sql<{ id: string; kind: string; depth: number }>`
      with recursive up(id, parent_id, kind, depth) as (
        select id, parent_id, kind, 0 from organisations where id = ${id}
        union all
        select o.id, o.parent_id, o.kind, up.depth + 1 from organisations o join up on o.id = up.parent_id where up.depth < 64
      )
      select id, kind, depth from up order by depth`.execute(this.db);
    const out: Array<{ id: string; kind: string }> = [];
    for (const r of rows.rows) if (!out.some((o) => o.id === r.id)) out.push({ id: r.id, kind: r.kind });
    this.lineages?.set(id, out);
    return out;
  }

  /** Where a caller and a resource sit (policy.PlacementFacts): both lineages, [] for none. */
  async placement(
    callerOrganisationId: string | null,
    targetOrganisationId: string | null,
  ): Promise<{ caller: Array<{ id: string; kind: string }>; target: Array<{ id: string; kind: string }> }> {
    return { caller: await this.lineage(callerOrganisationId), target: await this.lineage(targetOrganisationId) };
  }

  /** Every organisation with its lineage (itself and its ancestors, nearest first), from one read. */
  async withLineages(): Promise<Array<{ row: OrganisationsTable; lineage: Array<{ id: string; kind: string }> }>> {
    const all = await this.list();
    const byId = new Map(all.map((o) => [o.id, o]));
    return all.map((row) => {
      const lineage: Array<{ id: string; kind: string }> = [];
      for (
        let o: OrganisationsTable | undefined = row;
        o && lineage.length < 64 && !lineage.some((x) => x.id === o!.id);
        o = o.parent_id ? byId.get(o.parent_id) : undefined
      ) {
        lineage.push({ id: o.id, kind: o.kind });
      }
      return { row, lineage };
    });
  }

  /** The organisation and everything below it. */
  async subtreeOf(id: string): Promise<string[]> {
    const all = await this.db.selectFrom("organisations").select(["id", "parent_id"]).execute();
    const children = new Map<string, string[]>();
    for (const o of all) if (o.parent_id) children.set(o.parent_id, [...(children.get(o.parent_id) ?? []), o.id]);
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (out.includes(cur)) continue;
      out.push(cur);
      stack.push(...(children.get(cur) ?? []));
    }
    return out;
  }
}
