/** 绩效目标申报与审核: filings, versions, reviews, the quality check, an evaluation from approved targets (target-service.ts). */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function targetHandlers({ targets }: AppServices): HandlersFor<"filings"> {
  return {
    "filings.list": async (req) => targets.list(principal(req), req.query),
    "filings.create": async (req) => targets.create(principal(req), req.body),
    "filings.get": async (req) => targets.get(principal(req), req.params.id),
    "filings.update": async (req) => targets.update(principal(req), req.params.id, req.body),
    "filings.versions": async (req) => targets.versions(principal(req), req.params.id),
    "filings.version": async (req) => targets.version(principal(req), req.params.id, req.params.version),
    "filings.diff": async (req) => targets.diff(principal(req), req.params.id, req.query),
    "filings.transition": async (req) => targets.transition(principal(req), req.params.id, req.body),
    "filings.reviews": async (req) => targets.reviews(principal(req), req.params.id),
    "filings.review": async (req) => targets.review(principal(req), req.params.id, req.body),
    "filings.check": async (req) => targets.check(principal(req), req.params.id),
    "filings.invite": async (req) => targets.invite(principal(req), req.params.id, req.params.userId),
    "filings.startEvaluation": async (req) => targets.startEvaluation(principal(req), req.params.id, req.body),
  };
}
