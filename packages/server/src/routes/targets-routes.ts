/**
 * 绩效目标申报与审核: filings, versions, reviews, the quality check, an evaluation from approved targets,
 * the 申报表 workbook out and in (uploads read in the parse pool) (target-service.ts).
 */
import { FILING_TEMPLATE_KINDS, XLSX_MEDIA_TYPE } from "@jixiao/api";
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";
import { uploadedFile } from "./exchange-routes.js";

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
    "filings.invitations": async (req) => targets.invitations(principal(req), req.params.id),
    "filings.startEvaluation": async (req) => targets.startEvaluation(principal(req), req.params.id, req.body),
    "filings.exportWorkbook": async (req) => {
      const x = await targets.workbook(principal(req), req.params.id);
      return { body: x.body, contentType: XLSX_MEDIA_TYPE, filename: x.filename, fallback: "filing.xlsx" };
    },
    "filings.templateWorkbook": async (req) => {
      const x = await targets.template(principal(req), FILING_TEMPLATE_KINDS[req.params.kind]);
      return { body: x.body, contentType: XLSX_MEDIA_TYPE, filename: x.filename, fallback: `filing-template-${req.params.kind}.xlsx` };
    },
    "filings.importWorkbook": async (req) => {
      const p = principal(req);
      return targets.importWorkbook(p, await uploadedFile(req), req.query);
    },
    "filings.replaceWorkbook": async (req) => {
      const p = principal(req);
      return targets.replaceWorkbook(p, req.params.id, await uploadedFile(req), req.query);
    },
  };
}
