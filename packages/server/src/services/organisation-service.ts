import type { OrganisationView } from "@jixiao/api";
import type { OrganisationsTable, Store } from "../db/database.js";
import { badRequest, forbidden } from "../errors.js";
import { type Principal, can } from "../policy.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import type { Services } from "./services.js";

const view = (o: OrganisationsTable): OrganisationView => ({ id: o.id, parentId: o.parent_id, name: o.name, kind: o.kind });

export class OrganisationService {
  constructor(private readonly store: Store, private readonly s: Services) {}

  /** Everyone signed in may see the organisation tree (names are public in the region). */
  async list(p: Principal): Promise<OrganisationView[]> {
    if (!can(p, "organisation.read") && p.role !== "expert" && p.role !== "visitor") throw forbidden();
    return (await new OrganisationRepository(this.store.db).list()).map(view);
  }

  async create(p: Principal, input: { name: string; kind: OrganisationsTable["kind"]; parentId: string | null }): Promise<OrganisationView> {
    if (!can(p, "organisation.manage")) throw forbidden();
    const repo = new OrganisationRepository(this.store.db);
    if (input.parentId) {
      const path = await repo.pathOf(input.parentId);
      if (!(await repo.get(input.parentId))) throw badRequest("unknown-organisation", { zh: "上级单位不存在", en: "unknown parent organisation" }, [{ path: "parentId", message: { zh: "不存在", en: "no such organisation" } }]);
      if (p.organisationId && !path.includes(p.organisationId)) throw forbidden();
    }
    const row: OrganisationsTable = { id: this.s.ids(), parent_id: input.parentId, name: input.name, kind: input.kind, created_at: this.s.clock().toISOString() };
    await this.store.db.transaction().execute(async (tx) => {
      await new OrganisationRepository(tx).insert(row);
      await this.s.audit.append(tx, [{ at: row.created_at, userId: p.id, action: "organisation.create", entity: "organisation", entityId: row.id, path: "", oldValue: null, newValue: JSON.stringify({ name: row.name, kind: row.kind, parentId: row.parent_id }), reason: null }]);
    });
    return view(row);
  }
}
