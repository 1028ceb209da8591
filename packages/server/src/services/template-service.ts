/**
 * Templates (模板): the built-in ones from the engine (部门整体支出, 项目支出, 自评表) and those a
 * finance bureau or an evaluator saves from an evaluation or a document, so a province's or a
 * sector's indicator system is set up once and reused. A saved template keeps the tree, weights,
 * targets, rules and scheme and drops everything that belongs to one evaluation
 * (`templateFromEvaluation` in the engine).
 *
 * Saved templates belong to the organisation of whoever saved them and are seen only within
 * that region (policy `template.read`, scope 本地区: the caller's region and the regions above
 * it); built-in templates are everyone's. Names are unique among the templates a caller sees.
 */
import type { CreateTemplateRequest, TemplateView } from "@jixiao/api";
import { type EvaluationInput, TEMPLATES, buildTemplate, templateFromEvaluation, validateEvaluation } from "@jixiao/engine";
import type * as z from "zod";
import type { Store, TemplatesTable } from "../db/database.js";
import { conflict, field, forbidden, invalid, notFound } from "../errors.js";
import { type OrgRef, type Principal, can, canAt } from "../policy.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { TemplateRepository } from "../repositories/template-repository.js";
import { type EvaluationService, invalidDocument } from "./evaluation-service.js";
import type { Services } from "./services.js";

export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  private readable(p: Principal): void {
    if (!can(p, "template.read")) throw forbidden();
  }

  /** Saved templates the principal may read (policy: template.read with each template's placement). */
  private async visibleSaved(p: Principal) {
    const lineages = new Map((await new OrganisationRepository(this.store.db).withLineages()).map((o) => [o.row.id, o.lineage]));
    const caller: OrgRef[] = p.organisationId ? (lineages.get(p.organisationId) ?? []) : [];
    return (await new TemplateRepository(this.store.db).list()).filter((r) =>
      canAt(p, "template.read", { caller, target: r.organisation_id ? (lineages.get(r.organisation_id) ?? []) : [] }),
    );
  }

  async list(p: Principal): Promise<TemplateView[]> {
    this.readable(p);
    const builtin: TemplateView[] = TEMPLATES.map((t) => ({ ...t, builtin: true, kind: null, createdAt: null, createdBy: null }));
    const saved = (await this.visibleSaved(p)).map((r): TemplateView => ({
      id: r.id,
      name: r.name,
      name_en: r.name,
      description: r.description,
      description_en: r.description,
      builtin: false,
      kind: r.kind,
      createdAt: r.created_at,
      createdBy: r.creator_name ?? r.created_by,
    }));
    return [...builtin, ...saved];
  }

  /** The template as a Jixiao document: a built-in id or a saved template's id; not found otherwise. */
  async document(p: Principal, id: string): Promise<EvaluationInput> {
    this.readable(p);
    if (TEMPLATES.some((t) => t.id === id)) return buildTemplate(id);
    const repo = new TemplateRepository(this.store.db);
    const row = await repo.head(id);
    // Another region's template is as absent as one that never existed.
    if (
      !row ||
      !canAt(p, "template.read", await new OrganisationRepository(this.store.db).placement(p.organisationId, row.organisation_id))
    )
      throw notFound("thing/template");
    const found = await repo.document(id);
    if (!found) throw notFound("thing/template");
    return found;
  }

  async create(p: Principal, req: z.infer<typeof CreateTemplateRequest>): Promise<TemplateView> {
    if (!canAt(p, "template.create", await new OrganisationRepository(this.store.db).placement(p.organisationId, p.organisationId)))
      throw forbidden();
    let source: unknown;
    if (req.fromEvaluationId !== undefined && req.document !== undefined) {
      throw invalid("two-sources", {}, [field("document", "field/either-evaluation")]);
    }
    if (req.fromEvaluationId !== undefined) source = (await this.evaluations.get(p, req.fromEvaluationId)).document;
    else if (req.document !== undefined) source = req.document;
    else throw invalid("missing-source/template", {}, [field("fromEvaluationId", "field/source-required")]);
    const v = validateEvaluation(source);
    if (!v.ok) throw invalidDocument(v.problems);
    if (TEMPLATES.some((t) => t.name === req.name || t.id === req.name) || (await this.visibleSaved(p)).some((t) => t.name === req.name)) {
      throw conflict("template-name-taken", { name: req.name });
    }
    const doc = templateFromEvaluation(source as EvaluationInput, { title: req.name });
    const row: TemplatesTable = {
      id: this.s.ids(),
      name: req.name,
      description: req.description ?? "",
      kind: v.evaluation.meta.kind,
      document: JSON.stringify(doc),
      organisation_id: p.organisationId,
      created_by: p.id,
      created_at: this.s.clock().toISOString(),
    };
    await this.store.db.transaction().execute(async (tx) => {
      await new TemplateRepository(tx).insert(row);
      await this.s.audit.append(tx, [
        {
          at: row.created_at,
          userId: p.id,
          action: "template.create",
          entity: "template",
          entityId: row.id,
          path: "",
          oldValue: null,
          newValue: JSON.stringify({ name: row.name, fromEvaluationId: req.fromEvaluationId ?? null }),
          reason: null,
        },
      ]);
    });
    return {
      id: row.id,
      name: row.name,
      name_en: row.name,
      description: row.description,
      description_en: row.description,
      builtin: false,
      kind: row.kind,
      createdAt: row.created_at,
      createdBy: p.id,
    };
  }
}
