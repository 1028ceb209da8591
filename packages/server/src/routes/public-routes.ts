/**
 * 绩效公开: the public view of published evaluations (services/public-service.ts). These handlers
 * answer with or without a session: the caller is the principal, or the public (null) counted by
 * its address (`req.ip`, X-Forwarded-For only from a trusted proxy: config `trustProxy`).
 */
import type { AppServices } from "../app.js";
import { viewer } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function publicHandlers({ publicView, reports }: AppServices): HandlersFor<"public"> {
  return {
    "public.list": async (req) => publicView.list(viewer(req), req.ip, req.query),
    "public.get": async (req) => publicView.get(viewer(req), req.ip, req.params.id),
    "public.report": async (req) => {
      const r = await reports.renderPublic(viewer(req), req.ip, req.params.id, req.query.format, req.query.template);
      return { body: r.body, contentType: r.contentType, filename: r.filename, fallback: `report.${req.query.format}` };
    },
  };
}
