/**
 * Every endpoint of @jixiao/api's table, with its handler from the module of its resource.
 * Handlers parse nothing themselves (the table's schemas do), find the principal and delegate to
 * a service; services ask policy.ts and hold the rules; no handler touches a repository.
 */
import type { FastifyInstance } from "fastify";
import type { AppServices } from "../app.js";
import { type Handlers, registerEndpoints } from "./endpoints.js";
import { collaborationHandlers } from "./collaboration-routes.js";
import { evaluationHandlers } from "./evaluation-routes.js";
import { exchangeHandlers } from "./exchange-routes.js";
import { findingHandlers } from "./finding-routes.js";
import { evidenceHandlers } from "./evidence-routes.js";
import { organisationHandlers } from "./organisation-routes.js";
import { panelHandlers } from "./panel-routes.js";
import { publicHandlers } from "./public-routes.js";
import { reportHandlers } from "./report-routes.js";
import { scoringHandlers } from "./scoring-routes.js";
import { sessionHandlers } from "./session-routes.js";
import { templateHandlers } from "./template-routes.js";
import { targetHandlers } from "./targets-routes.js";
import { monitoringHandlers } from "./monitoring-routes.js";
import { whatIfHandlers } from "./whatif-routes.js";

export function registerRoutes(root: FastifyInstance, services: AppServices, cookieSecure: (req: { protocol: string }) => boolean): void {
  const handlers: Handlers = {
    ...sessionHandlers(services, cookieSecure),
    ...organisationHandlers(services),
    ...templateHandlers(services),
    ...evaluationHandlers(services),
    ...scoringHandlers(services),
    ...findingHandlers(services),
    ...exchangeHandlers(services),
    ...reportHandlers(services),
    ...panelHandlers(services),
    ...evidenceHandlers(services),
    ...publicHandlers(services),
    ...collaborationHandlers(services),
    ...targetHandlers(services),
    ...monitoringHandlers(services),
    ...whatIfHandlers(services),
  };
  registerEndpoints(root, handlers);
}
