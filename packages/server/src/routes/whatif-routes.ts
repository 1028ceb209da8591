/** What-if: one evaluation's outlook and the portfolio what-if (whatif-service.ts). */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function whatIfHandlers({ whatif }: AppServices): HandlersFor<"whatif"> {
  return {
    "whatif.outlook": async (req) => whatif.outlook(principal(req), req.params.id, req.query),
    "whatif.portfolio": async (req) => whatif.portfolio(principal(req), req.body),
  };
}
