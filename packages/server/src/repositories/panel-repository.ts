/** 专家评议: assignments with the experts' names, each expert's own scores, the evaluator's decisions. */
import type { Kysely } from "kysely";
import type { Database, PanelDecisionsTable, PanelScoresTable } from "../db/database.js";

export class PanelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every expert assigned an indicator of the evaluation, with the expert's display name. */
  assignments(evaluationId: string): Promise<Array<{ node_id: string; user_id: string; display_name: string }>> {
    return this.db
      .selectFrom("expert_assignments")
      .innerJoin("users", "users.id", "expert_assignments.user_id")
      .select(["expert_assignments.node_id", "expert_assignments.user_id", "users.display_name"])
      .where("expert_assignments.evaluation_id", "=", evaluationId)
      .orderBy("expert_assignments.node_id")
      .orderBy("users.display_name")
      .orderBy("expert_assignments.user_id")
      .execute();
  }

  scores(evaluationId: string): Promise<PanelScoresTable[]> {
    return this.db.selectFrom("panel_scores").selectAll().where("evaluation_id", "=", evaluationId).execute();
  }

  score(evaluationId: string, nodeId: string, userId: string): Promise<PanelScoresTable | undefined> {
    return this.db
      .selectFrom("panel_scores")
      .selectAll()
      .where("evaluation_id", "=", evaluationId)
      .where("node_id", "=", nodeId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
  }

  /** Save an expert's record, unless it was submitted meanwhile (then false). */
  async saveScore(row: PanelScoresTable): Promise<boolean> {
    const { evaluation_id: _e, node_id: _n, user_id: _u, ...rest } = row;
    const r = await this.db
      .insertInto("panel_scores")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["evaluation_id", "node_id", "user_id"]).doUpdateSet(rest).where("panel_scores.submitted_at", "is", null),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  decisions(evaluationId: string): Promise<Array<PanelDecisionsTable & { decided_by_name: string | null }>> {
    return this.db
      .selectFrom("panel_decisions")
      .leftJoin("users", "users.id", "panel_decisions.decided_by")
      .selectAll("panel_decisions")
      .select("users.display_name as decided_by_name")
      .where("panel_decisions.evaluation_id", "=", evaluationId)
      .execute();
  }

  async saveDecision(row: PanelDecisionsTable): Promise<void> {
    const { evaluation_id: _e, node_id: _n, ...rest } = row;
    await this.db
      .insertInto("panel_decisions")
      .values(row)
      .onConflict((oc) => oc.columns(["evaluation_id", "node_id"]).doUpdateSet(rest))
      .execute();
  }

  /** Enabled expert accounts in these organisations, or in none. */
  experts(organisationIds: readonly string[]): Promise<Array<{ id: string; display_name: string }>> {
    return this.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("role", "=", "expert")
      .where("disabled", "=", 0)
      .where((eb) =>
        eb.or([eb("organisation_id", "is", null), eb("organisation_id", "in", organisationIds.length > 0 ? [...organisationIds] : ["-"])]),
      )
      .orderBy("display_name")
      .orderBy("id")
      .execute();
  }
}
