/**
 * Administration: the organisation tree and the accounts in it. Every read and write stays
 * inside the caller's subtree (policy.ts: organisation.read/create, user.read/create with the
 * placement of the organisation concerned); nobody creates a top-level region or an account
 * outside their subtree through the API (the operator sets up the top of the tree). Knows
 * nothing of HTTP.
 */
import type { OrganisationView, Role, UserView } from "@jixiao/api";
import type { Bilingual } from "@jixiao/engine";
import type { OrganisationsTable, Store, UsersTable } from "../db/database.js";
import { conflict, field, forbidden, invalid } from "../errors.js";
import { MESSAGE_KEYS, type MessageKey, message } from "../messages.js";
import { type OrgRef, PARENT_KINDS, type Principal, ROLE_ORGANISATION_KINDS, can, canAt } from "../policy.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { UserRepository } from "../repositories/user-repository.js";
import { hashPassword, userView } from "./auth-service.js";
import type { Services } from "./services.js";

const view = (o: OrganisationsTable): OrganisationView => ({ id: o.id, parentId: o.parent_id, name: o.name, kind: o.kind });

/** An organisation kind inside a message: 地区 in Chinese, "region" in English. */
const kindText = (kind: string): Bilingual => {
  const key = `kind/${kind}`;
  return (MESSAGE_KEYS as readonly string[]).includes(key) ? message(key as MessageKey) : { zh: kind, en: kind };
};

/** Invalid, naming `path`: an organisation that does not exist or lies outside the caller's subtree (the same answer, so other regions stay undisclosed). */
const unknownOrganisation = (path: string) => invalid("unknown-organisation/subtree", {}, [field(path, "field/organisation-in-subtree")]);

export class OrganisationService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
  ) {}

  private async tree(p: Principal): Promise<{ caller: OrgRef[]; all: Array<{ row: OrganisationsTable; lineage: OrgRef[] }> }> {
    const all = await new OrganisationRepository(this.store.db).withLineages();
    const caller = p.organisationId ? (all.find((o) => o.row.id === p.organisationId)?.lineage ?? []) : [];
    return { caller, all };
  }

  /** The organisations the principal may see: the finance bureau's and a department's subtree, an agency's region. */
  async list(p: Principal): Promise<OrganisationView[]> {
    if (!can(p, "organisation.read")) throw forbidden();
    const { caller, all } = await this.tree(p);
    return all.filter((o) => canAt(p, "organisation.read", { caller, target: o.lineage })).map((o) => view(o.row));
  }

  async create(p: Principal, input: { name: string; kind: OrganisationsTable["kind"]; parentId: string }): Promise<OrganisationView> {
    if (!can(p, "organisation.create")) throw forbidden();
    const repo = new OrganisationRepository(this.store.db);
    const placement = await repo.placement(p.organisationId, input.parentId);
    if (!canAt(p, "organisation.create", placement)) throw unknownOrganisation("parentId");
    const parentKind = placement.target[0]!.kind;
    if (!(PARENT_KINDS[input.kind] ?? []).includes(parentKind)) {
      throw invalid("organisation-kind", { parent: kindText(parentKind), kind: kindText(input.kind) }, [
        field("kind", "field/parent-kinds", { kinds: (PARENT_KINDS[input.kind] ?? []).map(kindText) }),
      ]);
    }
    const row: OrganisationsTable = {
      id: this.s.ids(),
      parent_id: input.parentId,
      name: input.name,
      kind: input.kind,
      created_at: this.s.clock().toISOString(),
    };
    await this.store.db.transaction().execute(async (tx) => {
      await new OrganisationRepository(tx, this.s.lineages).insert(row);
      await this.s.audit.append(tx, [
        {
          at: row.created_at,
          userId: p.id,
          action: "organisation.create",
          entity: "organisation",
          entityId: row.id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ name: row.name, kind: row.kind, parentId: row.parent_id }),
          reason: null,
        },
      ]);
    });
    return view(row);
  }

  /** The accounts of the caller's subtree (accounts without an organisation belong to no region and are listed to nobody). */
  async users(p: Principal): Promise<UserView[]> {
    if (!can(p, "user.read")) throw forbidden();
    const { caller, all } = await this.tree(p);
    const lineages = new Map(all.map((o) => [o.row.id, o.lineage]));
    return (await new UserRepository(this.store.db).list())
      .filter((u) => canAt(p, "user.read", { caller, target: u.organisation_id ? (lineages.get(u.organisation_id) ?? []) : [] }))
      .map(userView);
  }

  /**
   * A new account in an organisation of the caller's subtree whose kind fits the role
   * (policy.ROLE_ORGANISATION_KINDS). A username taken — also by a request that won a race —
   * is a conflict naming `username` (db/constraint-errors.ts maps the unique violation).
   */
  async createUser(
    p: Principal,
    input: { username: string; displayName: string; password: string; role: Role; organisationId: string },
  ): Promise<UserView> {
    if (!can(p, "user.create")) throw forbidden();
    const placement = await new OrganisationRepository(this.store.db).placement(p.organisationId, input.organisationId);
    if (!canAt(p, "user.create", placement)) throw unknownOrganisation("organisationId");
    const kind = placement.target[0]!.kind;
    if (!ROLE_ORGANISATION_KINDS[input.role].includes(kind)) {
      const kinds = ROLE_ORGANISATION_KINDS[input.role];
      throw invalid("role-organisation", { kind: kindText(kind), role: input.role }, [
        field("organisationId", "field/role-kinds", { kinds: kinds.map(kindText), kinds_or: kinds.join(" or ") }),
      ]);
    }
    const users = new UserRepository(this.store.db);
    if (await users.byUsername(input.username)) throw usernameTaken(input.username);
    const row: UsersTable = {
      id: this.s.ids(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password, this.s.config.passwordCost),
      role: input.role,
      organisation_id: input.organisationId,
      disabled: 0,
      created_at: this.s.clock().toISOString(),
    };
    await this.store.db.transaction().execute(async (tx) => {
      await new UserRepository(tx).insert(row);
      await this.s.audit.append(tx, [
        {
          at: row.created_at,
          userId: p.id,
          action: "user.create",
          entity: "user",
          entityId: row.id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ username: row.username, role: row.role, organisationId: row.organisation_id }),
          reason: null,
        },
      ]);
    });
    return userView(row);
  }
}

const usernameTaken = (username: string) => conflict("username-taken", { username }, [field("username", "field/taken")]);
