/**
 * @jixiao/api — the one typed contract between the server, the web app, the CLI and tests:
 * request and response schemas (zod, which also produce the OpenAPI document) and the views
 * that turn engine results into JSON, and the table of every endpoint (endpoints.ts).
 */
export * from "./schemas.js";
export * from "./views.js";
export * from "./json-path.js";
export * from "./endpoints.js";
export * from "./public-views.js";
export * from "./collaboration.js";
export * from "./history.js";
export * from "./panel-evidence.js";
export * from "./targets.js";
export * from "./what-if.js";
