/** 委托, 资料清单, 反馈意见: commissions, data requests and feedback (collaboration-service.ts). */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function collaborationHandlers({ collaboration }: AppServices): HandlersFor<"commissions" | "requests" | "feedback"> {
  return {
    "commissions.list": async (req) => collaboration.listCommissions(principal(req)),
    "commissions.create": async (req) => collaboration.createCommission(principal(req), req.body),
    "requests.list": async (req) => collaboration.dataRequests(principal(req), req.params.id),
    "requests.create": async (req) => collaboration.createDataRequest(principal(req), req.params.id, req.body),
    "requests.answer": async (req) => collaboration.answerDataRequest(principal(req), req.params.id, req.params.number, req.body),
    "requests.review": async (req) =>
      collaboration.reviewDataItem(principal(req), req.params.id, req.params.number, req.params.itemId, req.body),
    "feedback.list": async (req) => collaboration.feedback(principal(req), req.params.id),
    "feedback.create": async (req) => collaboration.createFeedback(principal(req), req.params.id, req.body),
    "feedback.answer": async (req) => collaboration.answerFeedback(principal(req), req.params.id, req.params.number, req.body),
  };
}
