/** Evaluations: list, create, read, edit, status actions, experts, history and the portfolio. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function evaluationHandlers({ evaluations }: AppServices): HandlersFor<"evaluations" | "portfolio"> {
  return {
    "evaluations.list": async (req) => {
      const { organisationId, ...rest } = req.query;
      return evaluations.list(principal(req), { ...rest, organisationIds: organisationId ? [organisationId] : undefined });
    },
    "evaluations.create": async (req) => evaluations.create(principal(req), req.body),
    "evaluations.get": async (req) => evaluations.get(principal(req), req.params.id),
    "evaluations.update": async (req) => evaluations.update(principal(req), req.params.id, req.body),
    "evaluations.patch": async (req) => evaluations.patch(principal(req), req.params.id, req.body),
    "evaluations.transition": async (req) => evaluations.transition(principal(req), req.params.id, req.body),
    "evaluations.assignExpert": async (req) => {
      await evaluations.assignExpert(principal(req), req.params.id, req.params.userId, req.body.nodeIds);
    },
    "evaluations.revisions": async (req) => evaluations.revisions(principal(req), req.params.id),
    // A stored revision is always a document (an object): the service parses it from its JSON text.
    "evaluations.revision": async (req) =>
      (await evaluations.revision(principal(req), req.params.id, req.params.version)) as Record<string, unknown>,
    "evaluations.diff": async (req) => evaluations.diff(principal(req), req.params.id, req.query.from, req.query.to),
    "evaluations.audit": async (req) => evaluations.auditTrail(principal(req), req.params.id),
    "portfolio.get": async (req) => evaluations.portfolio(principal(req), req.query.year),
  };
}
