/** 问题与建议: an evaluation's findings and recommendations, recorded and suggested. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function findingHandlers({ evaluations }: AppServices): HandlersFor<"findings"> {
  return {
    "findings.get": async (req) => evaluations.findings(principal(req), req.params.id),
    "findings.update": async (req) => evaluations.updateFindings(principal(req), req.params.id, req.body),
  };
}
