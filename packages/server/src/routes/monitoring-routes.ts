/** 运行监控: tasks, reports, lights, the dashboard, finance's conclusions (monitoring-service.ts). */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

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
    "monitoring.conclude": async (req) => monitoring.conclude(principal(req), req.params.id, req.params.filingId, req.body),
  };
}
