import type { Kysely } from "kysely";
import type { Database, OrganisationsTable } from "../db/database.js";

export class OrganisationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<OrganisationsTable[]> {
    return this.db.selectFrom("organisations").selectAll().orderBy("created_at").orderBy("name").execute();
  }

  get(id: string): Promise<OrganisationsTable | undefined> {
    return this.db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async insert(row: OrganisationsTable): Promise<void> {
    await this.db.insertInto("organisations").values(row).execute();
  }

  /** The organisation and its ancestors, nearest first. */
  async pathOf(id: string): Promise<string[]> {
    const all = await this.db.selectFrom("organisations").select(["id", "parent_id"]).execute();
    const parent = new Map(all.map((o) => [o.id, o.parent_id]));
    const out: string[] = [];
    let cur: string | null | undefined = id;
    while (cur && !out.includes(cur)) {
      out.push(cur);
      cur = parent.get(cur);
    }
    return out;
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
