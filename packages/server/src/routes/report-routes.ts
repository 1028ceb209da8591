/** The evaluation report as a document (docx, pdf, html, md): services/report-service.ts. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function reportHandlers({ reports }: AppServices): HandlersFor<"reports"> {
  return {
    "reports.render": async (req) => {
      const r = await reports.render(principal(req), req.params.id, req.query.format, req.query.template);
      return { body: r.body, contentType: r.contentType, filename: r.filename, fallback: `report.${req.query.format}` };
    },
  };
}
