/** 专家评议: the panel, the experts to assign, an expert's own score, the evaluator's decision (services/panel-service.ts). */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function panelHandlers({ panel }: AppServices): HandlersFor<"panel"> {
  return {
    "panel.get": async (req) => panel.get(principal(req), req.params.id),
    "panel.experts": async (req) => panel.experts(principal(req), req.params.id),
    "panel.score": async (req) => panel.score(principal(req), req.params.id, req.params.node, req.body),
    "panel.decide": async (req) => panel.decide(principal(req), req.params.id, req.params.node, req.body),
  };
}
