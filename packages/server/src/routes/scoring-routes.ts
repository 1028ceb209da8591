/** Scoring views of one evaluation: scores, checks, one node explained. */
import type { AppServices } from "../app.js";
import { langOf, principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function scoringHandlers({ evaluations }: AppServices): HandlersFor<"scoring"> {
  return {
    "scoring.score": async (req) => evaluations.score(principal(req), req.params.id, langOf(req)),
    "scoring.check": async (req) => evaluations.check(principal(req), req.params.id),
    "scoring.explain": async (req) => evaluations.explain(principal(req), req.params.id, req.params.node, langOf(req)),
  };
}
