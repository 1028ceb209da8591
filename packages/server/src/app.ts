/**
 * The composition root: configuration in, a running Fastify app out. Every dependency (store,
 * clock, ids, services) is created here and passed down explicitly; nothing lives in module
 * state, so several instances can serve one PostgreSQL database.
 */
import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { API_PREFIX } from "@jixiao/api";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from "fastify-type-provider-zod";
import { join } from "node:path";
import { type AuditKeyring, loadAuditKeys } from "./audit-key.js";
import { type Config, ConfigError } from "./config.js";
import { type Store, openStore } from "./db/database.js";
import { rederiveStale } from "./services/derive.js";
import { migrate } from "./db/migrations.js";
import { forbidden } from "./errors.js";
import { CSRF_HEADER, SESSION_COOKIE, installErrorHandling, keptViewSerializer } from "./http.js";
import { AuditRepository } from "./repositories/audit-repository.js";
import { DerivedCache } from "./cache/derived-cache.js";
import { LineageCache } from "./cache/lineage-cache.js";
import { registerRoutes } from "./routes/routes.js";
import { serveWebApp } from "./web-app.js";
import { AuthService } from "./services/auth-service.js";
import { EvaluationService } from "./services/evaluation-service.js";
import { OrganisationService } from "./services/organisation-service.js";
import { TemplateService } from "./services/template-service.js";
import { ReportService, readPapers } from "./services/report-service.js";
import { AddressLimiter, PublicService } from "./services/public-service.js";
import { ExchangeService } from "./services/exchange-service.js";
import { EvidenceService } from "./services/evidence-service.js";
import { NoteService } from "./services/note-service.js";
import { PanelService } from "./services/panel-service.js";
import { CollaborationService } from "./services/collaboration-service.js";
import { TargetService } from "./services/target-service.js";
import { MonitoringService } from "./services/monitoring-service.js";
import { WhatIfService } from "./services/whatif-service.js";
import type { Services } from "./services/services.js";
import { ParsePool } from "./workers/parse-pool.js";

export interface AppServices extends Services {
  auth: AuthService;
  evaluations: EvaluationService;
  organisations: OrganisationService;
  templates: TemplateService;
  reports: ReportService;
  exchange: ExchangeService;
  /** 专家评议, 佐证材料, 批注: the working papers beside the document. */
  panel: PanelService;
  evidence: EvidenceService;
  notes: NoteService;
  /** 绩效公开: the public view of published evaluations. */
  publicView: PublicService;
  /** 委托, 资料清单, 反馈意见. */
  collaboration: CollaborationService;
  /** 目标管理 + 运行监控. */
  targets: TargetService;
  monitoring: MonitoringService;
  whatif: WhatIfService;
}

export interface App {
  http: FastifyInstance;
  store: Store;
  /** The audit chain's keys (audit-key.ts): what `verifyAuditLog` needs. */
  auditKeys: AuditKeyring;
  services: AppServices;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: () => Date;
  ids?: () => string;
  /** Use an already opened store (tests share one per database). */
  store?: Store;
  logger?: boolean;
  /** Where start-up notes go (a generated audit key); stderr by default. */
  log?: (line: string) => void;
}

/**
 * What the browser may load. The web app (packages/web/dist) and Swagger UI are script files
 * from this origin only — no inline script, no eval. `style-src 'unsafe-inline'` is needed: Ant
 * Design's CSS-in-JS inserts <style> elements at run time and React renders `style="…"`
 * attributes (a nonce cannot cover attributes); styles cannot run code. Images may be data:/blob:
 * (the favicon is `data:,`; charts and downloads use blob URLs). No framing by anyone
 * (frame-ancestors plus X-Frame-Options: DENY for older browsers).
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "object-src": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** Open the database, migrate, wire the services and routes. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const store = options.store ?? openStore({ databaseUrl: config.databaseUrl, sqliteFile: join(config.dataDir, "jixiao.sqlite") });
  await migrate(store.db as never);
  await rederiveStale(store);
  const auditKeys = loadAuditKeys(config, {
    sqlite: store.dialect === "sqlite",
    generate: true,
    log: options.log ?? ((line) => process.stderr.write(line + "\n")),
  });
  if (await store.db.selectFrom("audit_head").select("id").where("seq", ">", 0).where("mac", "is", null).executeTakeFirst()) {
    throw new ConfigError(
      "审计日志尚未签名：请先运行一次 `jixiao audit-log seal` / the audit log was written before it was signed: run `jixiao audit-log seal` once (it checks the chain, then signs it with the configured key; see README)",
    );
  }
  const base: Services = {
    config,
    clock: options.clock ?? (() => new Date()),
    ids: options.ids ?? randomUUID,
    audit: new AuditRepository(store, auditKeys),
    derived: new DerivedCache(),
    lineages: new LineageCache(),
    parsers: new ParsePool(),
  };
  const services: AppServices = Object.assign(base, {
    auth: undefined as unknown as AuthService,
    evaluations: undefined as unknown as EvaluationService,
    organisations: undefined as unknown as OrganisationService,
    templates: undefined as unknown as TemplateService,
    reports: undefined as unknown as ReportService,
    exchange: undefined as unknown as ExchangeService,
    panel: undefined as unknown as PanelService,
    evidence: undefined as unknown as EvidenceService,
    notes: undefined as unknown as NoteService,
    publicView: undefined as unknown as PublicService,
    collaboration: undefined as unknown as CollaborationService,
    targets: undefined as unknown as TargetService,
    monitoring: undefined as unknown as MonitoringService,
    whatif: undefined as unknown as WhatIfService,
  });
  services.auth = new AuthService(store, services);
  services.evaluations = new EvaluationService(store, services);
  services.organisations = new OrganisationService(store, services);
  services.templates = new TemplateService(store, services, services.evaluations);
  services.publicView = new PublicService(store, services, new AddressLimiter(config.publicRequestsPerMinute, base.clock));
  // A public PDF is rendered once per published revision: a few are kept (they are large).
  services.reports = new ReportService(services.evaluations, services.publicView, new DerivedCache(16), (p, id) =>
    readPapers(p, id, {
      evidence: (p, id) => services.evidence.list(p, id),
      panel: (p, id) => services.panel.get(p, id),
      dataRequests: (p, id) => services.collaboration.dataRequests(p, id),
    }),
  );
  services.exchange = new ExchangeService(services.evaluations, services.parsers);
  services.panel = new PanelService(store, services, services.evaluations);
  services.evidence = new EvidenceService(store, services, services.evaluations);
  services.notes = new NoteService(store, services, services.evaluations);
  services.collaboration = new CollaborationService(store, services, services.evaluations);
  services.targets = new TargetService(store, services, services.evaluations);
  services.monitoring = new MonitoringService(store, services);
  services.whatif = new WhatIfService(store, services, services.evaluations);

  const http = Fastify({
    logger: options.logger === false || config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: Math.round(config.bodyLimitMb * 1024 * 1024),
    // Off unless configured: otherwise X-Forwarded-For would pick the address login throttling
    // counts, and X-Forwarded-Proto whether the session cookie is Secure.
    trustProxy: config.trustProxy,
  });
  http.setValidatorCompiler(validatorCompiler);
  // Validated and written per route as the zod schema says; views kept per revision only once (http.ts).
  http.setSerializerCompiler(keptViewSerializer((v) => services.derived.isView(v)));
  installErrorHandling(http);
  await http.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
  await http.register(cookie);
  // Uploads (POST /imports): one file, no larger than the body limit.
  await http.register(multipart, { limits: { files: 1, fileSize: Math.round(config.bodyLimitMb * 1024 * 1024) } });
  await http.register(swagger, {
    openapi: {
      info: {
        title: "Jixiao 绩效 API",
        description:
          "预算绩效评价 / budget performance evaluation. JSON under /api/v1; session cookie + X-CSRF-Token header on every state-changing request.",
        version: "0.1.0",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
          csrf: { type: "apiKey", in: "header", name: CSRF_HEADER },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
    // Components: the schemas registered with an id (the recursive NodeView).
    transformObject: jsonSchemaTransformObject,
  });
  await http.register(swaggerUi, { routePrefix: "/api/docs" });

  // Who is asking: the session cookie. State-changing requests also need the CSRF header.
  http.addHook("onRequest", async (req) => {
    if (!req.url.startsWith(API_PREFIX)) return;
    const found = await services.auth.session(req.cookies[SESSION_COOKIE]);
    if (found) {
      req.user = found.user;
      req.sessionId = found.sessionId;
      req.csrf = found.csrf;
    }
    const safe = req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS";
    const isLogin = req.method === "POST" && req.url.split("?")[0] === `${API_PREFIX}/session`;
    if (!safe && !isLogin && found && req.headers[CSRF_HEADER] !== found.csrf) throw forbidden("csrf");
  });

  http.get("/healthz", { schema: { hide: true } }, async () => {
    await store.db.selectFrom("audit_head").select("seq").executeTakeFirst();
    return { status: "ok", database: store.dialect };
  });
  const secure = (req: { protocol: string }) =>
    config.cookieSecure === "always" ? true : config.cookieSecure === "never" ? false : req.protocol === "https";
  registerRoutes(http, services, secure);
  // The web app (packages/web/dist) at "/", when it has been built: see web-app.ts.
  await serveWebApp(http);
  await http.ready();

  // Expired sessions and old login attempts are deleted on every login and every 10 minutes
  // (unref: the timer never keeps the process alive). Any instance may do it; deletes are idempotent.
  const sweeper = setInterval(() => {
    services.auth.removeExpired().catch((err: unknown) => http.log.warn({ err }, "removing expired sessions failed"));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    http,
    store,
    auditKeys,
    services,
    async close() {
      clearInterval(sweeper);
      await http.close();
      await services.parsers.close();
      if (!options.store) await store.close();
    },
  };
}
