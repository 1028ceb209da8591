/** The evaluation report as a document (docx, pdf, html, md), or filled into a firm's Word template: services/report-service.ts. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";
import { uploadedFile } from "./exchange-routes.js";

export function reportHandlers({ reports }: AppServices): HandlersFor<"reports"> {
  return {
    "reports.render": async (req) => {
      const r = await reports.render(principal(req), req.params.id, req.query.format, req.query.template, req.query.lang);
      return { body: r.body, contentType: r.contentType, filename: r.filename, fallback: `report.${req.query.format}` };
    },
    "reports.wordTemplate": async (req) => {
      const p = principal(req);
      const { filename, data } = await uploadedFile(req);
      const r = await reports.renderWordTemplate(p, req.params.id, filename, data, req.query.format, req.query.lang);
      return { body: r.body, contentType: r.contentType, filename: r.filename, fallback: `report.${req.query.format}` };
    },
  };
}
