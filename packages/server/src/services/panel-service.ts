/**
 * 专家评议 — the expert panel. Each assigned expert scores an indicator in their own record
 * (panel_scores), never in the document; until an expert has submitted their own score of an
 * indicator they see nobody else's (this service strips them). The panel's result is the mean,
 * trimmed mean or median the indicator's expert rule names (the mean when it has none), and
 * its spread is flagged above the scheme's margin (scheme.expertSpread, percent of the points).
 * The evaluator adopts the result — written into the document as the expert rule's scores, one
 * new revision — or overrides it with a score and a reason (a direct score, the reason as the
 * indicator's reason). Every write is audited in its transaction; an expert's score enters the
 * audit chain as the sha256 of the record (the scores themselves appear in the adopted revision),
 * so the trail commits to each score without showing it to the other experts.
 */
import { createHash } from "node:crypto";
import type { EvaluationDetail, PanelDecisionRequest, PanelMethod, PanelNodeView, PanelScoreRequest, PanelView } from "@jixiao/api";
import {
  DEFAULT_EXPERT_SPREAD_PERCENT,
  type Decimal,
  type Evaluation,
  type NodeResult,
  dec,
  expertSpread,
  formatScore,
  panelResult,
  plain,
  round2,
  validateEvaluation,
} from "@jixiao/engine";
import type * as z from "zod";
import type { PanelScoresTable, Store } from "../db/database.js";
import { conflict, field, forbidden, invalid, notFound } from "../errors.js";
import { type EvaluationFacts, type Principal, can } from "../policy.js";
import { OrganisationRepository } from "../repositories/organisation-repository.js";
import { PanelRepository } from "../repositories/panel-repository.js";
import type { EvaluationRow } from "../repositories/evaluation-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import type { Services } from "./services.js";

type Deduction = { reason: string; points: string };

const methodOf = (n: NodeResult): { method: PanelMethod; trim: number } =>
  n.node.rule?.type === "expert" ? { method: n.node.rule.method, trim: n.node.rule.trim } : { method: "mean", trim: 1 };

/** A score within 0–points, as exact text; invalid naming `path` otherwise. */
function scoreWithin(input: number | string, points: Decimal, path: string): Decimal {
  const d = dec(typeof input === "number" ? String(input) : input);
  if (d.isNegative() || d.greaterThan(points))
    throw invalid("score-range", { score: plain(d), points: plain(points) }, [field(path, "field/score-range", { points: plain(points) })]);
  return d;
}

export class PanelService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  /**
   * The panel as `p` may see it: everything for whoever may read it (panel.read); for an assigned
   * expert only their indicators, the others' scores hidden until they have submitted their own.
   */
  /** The parsed document and its scored tree (a panel needs names, paths, points and rules), memoised per revision. */
  private scored(row: EvaluationRow): { evaluation: Evaluation; byId: ReadonlyMap<string, NodeResult> } {
    const s = this.evaluations.scoredRow(row);
    if (s) return { evaluation: s.evaluation, byId: s.result.byId };
    // Only for the error: a document the model refuses, and how many problems it has.
    const v = validateEvaluation(JSON.parse(row.document));
    throw invalid("invalid-document", { count: v.ok ? 0 : v.problems.length });
  }

  async get(p: Principal, id: string): Promise<PanelView> {
    const opened = await this.evaluations.openFor(p, id, "evaluation.read");
    return this.view(p, opened.row, opened.facts);
  }

  private async view(p: Principal, row: EvaluationRow, facts: EvaluationFacts): Promise<PanelView> {
    const full = can(p, "panel.read", facts);
    const asExpert = p.role === "expert" && facts.assignedNodes.length > 0;
    if (!full && !asExpert) throw forbidden();
    const { evaluation, byId } = this.scored(row);
    const repo = new PanelRepository(this.store.db);
    const [assignments, records, decisions] = await Promise.all([repo.assignments(row.id), repo.scores(row.id), repo.decisions(row.id)]);
    const percent = evaluation.scheme?.expertSpread ?? dec(DEFAULT_EXPERT_SPREAD_PERCENT);
    const nodeIds = full ? [...new Set(assignments.map((a) => a.node_id))] : [...facts.assignedNodes];
    const nodes: PanelNodeView[] = [];
    for (const nodeId of nodeIds) {
      const n = byId.get(nodeId);
      if (!n) continue;
      const experts = assignments.filter((a) => a.node_id === nodeId);
      const mine = records.find((r) => r.node_id === nodeId && r.user_id === p.id);
      // Blind scoring: an expert sees the others' scores of an indicator only once their own is submitted.
      const sees = full || (mine !== undefined && mine.submitted_at !== null);
      const entries = experts.map((a) => {
        const r = records.find((x) => x.node_id === nodeId && x.user_id === a.user_id);
        const shown = sees || a.user_id === p.id;
        return {
          userId: a.user_id,
          expert: a.display_name,
          status: !r ? ("pending" as const) : r.submitted_at ? ("submitted" as const) : ("draft" as const),
          ...(r && shown ? { score: plain(dec(r.score)), comment: r.comment, deductions: JSON.parse(r.deductions) as Deduction[] } : {}),
          submittedAt: r?.submitted_at ?? null,
          hidden: !shown && r !== undefined,
        };
      });
      const submitted = experts
        .map((a) => records.find((x) => x.node_id === nodeId && x.user_id === a.user_id))
        .filter((r): r is PanelScoresTable => r !== undefined && r.submitted_at !== null)
        .map((r) => dec(r.score));
      const { method, trim } = methodOf(n);
      const result = sees ? panelResult(submitted, method, trim) : undefined;
      const spread = expertSpread(submitted, n.weight, percent);
      const d = decisions.find((x) => x.node_id === nodeId);
      nodes.push({
        nodeId,
        name: n.name,
        path: [...n.path],
        points: plain(n.weight),
        method,
        entries,
        submitted: submitted.length,
        result: result ? formatScore(round2(result.value)) : null,
        spread: sees && submitted.length > 0 ? plain(spread.spread) : null,
        margin: plain(spread.margin),
        flagged: sees && spread.flagged,
        decision: d
          ? {
              kind: d.kind,
              score: d.score,
              panelScore: d.panel_score,
              reason: d.reason,
              by: d.decided_by_name,
              at: d.decided_at,
              version: d.version,
            }
          : null,
      });
    }
    return { spreadPercent: plain(percent), nodes };
  }

  /** The experts who may be assigned: enabled expert accounts of the evaluation's top region (or of none). */
  async experts(p: Principal, id: string): Promise<Array<{ id: string; displayName: string }>> {
    const { row } = await this.evaluations.openFor(p, id, "panel.manage");
    const orgs = new OrganisationRepository(this.store.db);
    const lineage = await orgs.lineage(row.organisation_id);
    const root = lineage.at(-1);
    const within = root ? await orgs.subtreeOf(root.id) : [];
    return (await new PanelRepository(this.store.db).experts(within)).map((u) => ({ id: u.id, displayName: u.display_name }));
  }

  /** An expert saves (or submits) their own score of an assigned indicator; a submitted score is fixed. */
  async score(p: Principal, id: string, nodeId: string, req: z.output<typeof PanelScoreRequest>): Promise<PanelNodeView> {
    const { row, facts } = await this.evaluations.openFor(p, id, "evaluation.scoreAssigned");
    if (!facts.assignedNodes.includes(nodeId)) throw forbidden("not-assigned");
    const n = this.scored(row).byId.get(nodeId);
    if (!n) throw notFound("thing/indicator", { id: nodeId });
    const score = scoreWithin(req.score, n.weight, "score");
    const deductions = req.deductions.map((d, i) => ({
      reason: d.reason,
      points: plain(scoreWithin(d.points, n.weight, `deductions[${i}].points`)),
    }));
    const repo = new PanelRepository(this.store.db);
    if ((await repo.score(id, nodeId, p.id))?.submitted_at) throw conflict("panel-submitted");
    const now = this.s.clock().toISOString();
    const record: PanelScoresTable = {
      evaluation_id: id,
      node_id: nodeId,
      user_id: p.id,
      score: plain(score),
      comment: req.comment,
      deductions: JSON.stringify(deductions),
      submitted_at: req.submit ? now : null,
      updated_at: now,
    };
    await this.store.db.transaction().execute(async (tx) => {
      if (!(await new PanelRepository(tx).saveScore(record))) throw conflict("panel-submitted");
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: req.submit ? "panel.submit" : "panel.score",
          entity: "evaluation",
          entityId: id,
          path: `panel.${nodeId}`,
          oldValue: null,
          // A commitment to the score, not the score: other experts may read the audit trail before they submit.
          newValue: JSON.stringify({ node: nodeId, sha256: createHash("sha256").update(JSON.stringify(record)).digest("hex") }),
          reason: null,
        },
      ]);
    });
    const view = await this.view(p, row, facts);
    return view.nodes.find((x) => x.nodeId === nodeId)!;
  }

  /**
   * The evaluator adopts the panel's result (every assigned expert submitted) or overrides it with
   * a score and a reason: one new revision based on `version`, the decision recorded with it.
   */
  async decide(p: Principal, id: string, nodeId: string, req: z.output<typeof PanelDecisionRequest>): Promise<EvaluationDetail> {
    const opened = await this.evaluations.openFor(p, id, "panel.manage");
    const { byId } = this.scored(opened.row);
    const n = byId.get(nodeId);
    if (!n) throw notFound("thing/indicator", { id: nodeId });
    const repo = new PanelRepository(this.store.db);
    const experts = (await repo.assignments(id)).filter((a) => a.node_id === nodeId);
    if (experts.length === 0) throw conflict("panel-empty");
    if (n.children.length > 0) throw invalid("panel-leaf-only", {}, [field("node", "field/no-such-indicator")]);
    const records = (await repo.scores(id)).filter((r) => r.node_id === nodeId && r.submitted_at !== null);
    const submitted = experts
      .map((a) => ({ a, r: records.find((r) => r.user_id === a.user_id) }))
      .filter((x): x is { a: (typeof experts)[number]; r: PanelScoresTable } => x.r !== undefined);
    const { method, trim } = methodOf(n);
    const panel = panelResult(
      submitted.map((x) => dec(x.r.score)),
      method,
      trim,
    );
    const panelScore = panel ? formatScore(round2(panel.value)) : "";
    const base = [...n.path];
    const changes: Array<{ path: Array<string | number>; value: unknown }> = [];
    let reason: string;
    let score: string;
    if (req.kind === "adopt") {
      if (submitted.length < experts.length || !panel) throw conflict("panel-incomplete", { pending: experts.length - submitted.length });
      const rule: Record<string, unknown> = {
        type: "expert",
        method,
        ...(method === "trimmedMean" ? { trim } : {}),
        scores: submitted.map((x) => ({ expert: x.a.display_name, score: x.r.score })),
      };
      changes.push({ path: [...base, "rule"], value: rule });
      if (n.node.score !== undefined) changes.push({ path: [...base, "score"], value: null });
      score = panelScore;
      reason = `采纳专家评议结果：${n.name} ${panelScore} / adopted the expert panel's result: ${n.name} ${panelScore}`;
    } else {
      const why = req.reason?.trim();
      if (req.score === undefined || !why)
        throw invalid(
          "override-required",
          {},
          [
            req.score === undefined ? field("score", "field/override-score") : undefined,
            !why ? field("reason", "field/reason") : undefined,
          ].filter((f) => f !== undefined),
        );
      score = formatScore(round2(scoreWithin(req.score, n.weight, "score")));
      changes.push({ path: [...base, "rule"], value: { type: "direct" } }, { path: [...base, "score"], value: Number(score) });
      changes.push({ path: [...base, "reason"], value: why });
      reason = `改定专家评议结果：${n.name} ${panelScore || "—"} → ${score}（${why}）/ overrode the expert panel: ${n.name} ${panelScore || "—"} → ${score} (${why})`;
    }
    const now = this.s.clock().toISOString();
    return this.evaluations.writeChanges(
      p,
      opened,
      req.version,
      changes,
      reason,
      req.kind === "adopt" ? "panel.adopt" : "panel.override",
      async (tx, version) => {
        await new PanelRepository(tx).saveDecision({
          evaluation_id: id,
          node_id: nodeId,
          kind: req.kind === "adopt" ? "adopted" : "overridden",
          method,
          panel_score: panelScore,
          score,
          reason: req.kind === "override" ? (req.reason?.trim() ?? null) : null,
          version,
          decided_by: p.id,
          decided_at: now,
        });
        return [];
      },
    );
  }
}
