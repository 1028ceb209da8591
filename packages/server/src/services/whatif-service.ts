/**
 * What-if (issue 14): one evaluation's outlook (distance to the next grade, robustness of its
 * grade) and the portfolio what-if over a region's evaluations of a year (engine whatif.ts). The
 * models and scores come from EvaluationService's memo (scoredRow); nothing is stored.
 */
import { type OutlookView, type WhatIfRequest, type WhatIfView, outlookView, whatIfChanges, whatIfView } from "@jixiao/api";
import { type Evaluation, type ScoreResult, type WhatIfItem, whatIf } from "@jixiao/engine";
import type { Store } from "../db/database.js";
import { field, forbidden, invalid, notFound } from "../errors.js";
import { type Principal, can, visibility } from "../policy.js";
import { EvaluationRepository } from "../repositories/evaluation-repository.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { WhatIfRepository } from "../repositories/whatif-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import type { Services } from "./services.js";

export class WhatIfService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  /** 距下一等级 and 等级稳健性 of one evaluation (whoever may read it). */
  async outlook(p: Principal, id: string, q: { range?: string; keep?: "total" | "siblings" }): Promise<OutlookView> {
    // The read goes through EvaluationService.get (policy, 404 for whoever may not see it).
    const detail = await this.evaluations.get(p, id);
    const scored = this.evaluations.scoredRow({ id, version: detail.version, document: JSON.stringify(detail.document) });
    if (!scored) throw invalid("whatif-changes", { detail: { zh: "评价文件无法评分", en: "the document cannot be scored" } });
    const range = q.range ?? "0.1";
    const keep = q.keep ?? "total";
    return this.s.derived.get(`${id}@${detail.version}:outlook:${range}:${keep}`, () =>
      outlookView(scored.evaluation, scored.result, { range, keep }),
    );
  }

  /** The grade migration of the caller's region (or one region inside it) for a year under changed bands, points or levels. */
  async portfolio(p: Principal, req: WhatIfRequest): Promise<WhatIfView> {
    if (!can(p, "portfolio.whatif")) throw forbidden();
    const read = whatIfChanges(req);
    if (!read.ok)
      throw invalid("whatif-changes", { detail: read.message }, [field(read.field, "field/whatif-changes", { detail: read.message })]);
    const v = visibility(p);
    if (v.kind !== "subtree") throw forbidden();
    const orgRepo = new OrganisationRepository(this.store.db);
    let orgs = await orgRepo.subtreeOf(v.organisationId);
    if (req.region !== undefined) {
      if (!orgs.includes(req.region)) throw notFound("thing/region", { id: req.region });
      orgs = await orgRepo.subtreeOf(req.region);
    }
    const heads = await new EvaluationRepository(this.store.db).list(v, orgs, {
      year: req.year,
      limit: 100000,
      sort: "title",
      order: "asc",
    });
    // Scores come from the memo where present; only the documents not remembered are read.
    const items: WhatIfItem[] = [];
    const memo = (h: { id: string; version: number }) =>
      // EvaluationService.scoredRow's memo key: the model and scores of one revision.
      this.s.derived.peek<{ evaluation: Evaluation; result: ScoreResult }>(`${h.id}@${h.version}:scored`);
    const missing = heads.filter((h) => !memo(h));
    const docs = new Map((await new WhatIfRepository(this.store.db).documents(missing.map((h) => h.id))).map((d) => [d.id, d]));
    for (const h of heads) {
      const doc = docs.get(h.id);
      const scored: { evaluation: Evaluation; result: ScoreResult } | undefined =
        memo(h) ?? (doc && doc.version === h.version ? this.evaluations.scoredRow(doc) : undefined);
      if (!scored) continue; // a document the current model refuses has no grade to move; the list shows its errors
      items.push({ id: h.id, title: h.title, score: scored.result, evaluation: scored.evaluation });
    }
    return whatIfView(whatIf(items, read.changes));
  }
}
