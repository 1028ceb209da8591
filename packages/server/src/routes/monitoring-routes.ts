/** 运行监控: tasks, reports (JSON or the 监控表 workbook), lights, the dashboard, finance's conclusions (monitoring-service.ts). */
import { XLSX_MEDIA_TYPE } from "@jixiao/api";
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";
import { uploadedFile } from "./exchange-routes.js";

export function monitoringHandlers({ monitoring }: AppServices): HandlersFor<"monitoring"> {
  return {
    "monitoring.listTasks": async (req) => monitoring.listTasks(principal(req), req.query.year),
    "monitoring.createTask": async (req) => monitoring.createTask(principal(req), req.body),
    "monitoring.getTask": async (req) => monitoring.getTask(principal(req), req.params.id),
    "monitoring.updateTask": async (req) => monitoring.updateTask(principal(req), req.params.id, req.body),
    "monitoring.deleteTask": async (req) => monitoring.deleteTask(principal(req), req.params.id),
    "monitoring.getReport": async (req) => monitoring.getReport(principal(req), req.params.id, req.params.filingId),
    "monitoring.submitReport": async (req) => monitoring.submitReport(principal(req), req.params.id, req.params.filingId, req.body),
    "monitoring.lights": async (req) => monitoring.lights(principal(req), req.params.id),
    "monitoring.projectLights": async (req) => monitoring.projectLights(principal(req), req.params.id, req.params.filingId),
    "monitoring.dashboard": async (req) => monitoring.dashboard(principal(req), req.query),
    "monitoring.exportReport": async (req) => {
      const x = await monitoring.reportWorkbook(principal(req), req.params.id, req.params.filingId);
      return { body: x.body, contentType: XLSX_MEDIA_TYPE, filename: x.filename, fallback: "monitoring-report.xlsx" };
    },
    "monitoring.templateWorkbook": async (req) => {
      const x = await monitoring.template(principal(req), req.params.id, req.query.filingId);
      return { body: x.body, contentType: XLSX_MEDIA_TYPE, filename: x.filename, fallback: "monitoring-template.xlsx" };
    },
    "monitoring.importReport": async (req) => {
      const p = principal(req);
      return monitoring.importReport(p, req.params.id, req.params.filingId, await uploadedFile(req));
    },
    "monitoring.conclude": async (req) => monitoring.conclude(principal(req), req.params.id, req.params.filingId, req.body),
  };
}
