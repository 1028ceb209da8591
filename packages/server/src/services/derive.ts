/**
 * Figures derived from an evaluation's document and stored beside it for lists and portfolio
 * questions (total, grade, partial total, counts of diagnostics, every node's score), and the
 * re-derivation of rows scored by an older engine (`SCORING_VERSION`): a stored figure is never
 * one the current engine would not compute.
 */
import {
  type Evaluation,
  type NodeResult,
  SCORING_VERSION,
  checkEvaluationReport,
  scoreEvaluation,
  summarize,
  validateEvaluation,
} from "@jixiao/engine";
import type { IndicatorScoresTable, Store } from "../db/database.js";
import { EvaluationRepository } from "../repositories/evaluation-repository.js";

const cents = (d: { times(n: number): { toFixed(): string } } | undefined) => (d === undefined ? null : Number(d.times(100).toFixed()));

/** Score and check `e`; the figures stored with it. */
export function derive(e: Evaluation) {
  const s = scoreEvaluation(e);
  const report = checkEvaluationReport(e, s);
  const counts = summarize(report.diagnostics);
  const scores: Array<Omit<IndicatorScoresTable, "evaluation_id">> = s.all.map((n: NodeResult) => ({
    node_id: n.id,
    level: n.level,
    name: n.name,
    weight: n.weight.toFixed(),
    score_cents: n.score !== undefined ? cents(n.score) : null,
  }));
  // Node ids repeat when a file has no ids and positions collide with given ids: keep the first.
  const seen = new Set<string>();
  const unique = scores.filter((r) => (seen.has(r.node_id) ? false : (seen.add(r.node_id), true)));
  return {
    result: s,
    total_cents: cents(s.total),
    grade: s.grade ?? null,
    unscored: s.unscored,
    partial_cents: s.total === undefined && s.unscored > 0 ? cents(s.partialTotal) : null,
    error_count: counts.error,
    warning_count: counts.warning,
    scores: unique,
  };
}

/** The evaluation columns of a derivation (for inserts and updates). */
export function derivedColumns(d: ReturnType<typeof derive>) {
  return {
    total_cents: d.total_cents,
    grade: d.grade,
    unscored: d.unscored,
    partial_cents: d.partial_cents,
    error_count: d.error_count,
    warning_count: d.warning_count,
    scored_with: SCORING_VERSION,
  };
}

/**
 * Re-derive every evaluation scored by an older engine (at start-up, after the migrations), in
 * batches, each row in its own transaction with its indicator scores. The document and its
 * version are not touched: only what is computed from them. Returns how many rows were updated.
 */
export async function rederiveStale(store: Store, batch = 200): Promise<number> {
  let updated = 0;
  for (;;) {
    const rows = await new EvaluationRepository(store.db).staleDerived(SCORING_VERSION, batch);
    if (rows.length === 0) return updated;
    for (const row of rows) {
      const v = validateEvaluation(JSON.parse(row.document) as unknown);
      await store.db.transaction().execute(async (tx) => {
        const repo = new EvaluationRepository(tx);
        // A document the current model refuses keeps its figures, marked as seen.
        if (!v.ok) return repo.setDerived(row.id, { scored_with: SCORING_VERSION });
        const d = derive(v.evaluation);
        await repo.setDerived(row.id, derivedColumns(d));
        await repo.replaceScores(
          row.id,
          d.scores.map((x) => ({ ...x, evaluation_id: row.id })),
        );
      });
      updated++;
    }
  }
}
