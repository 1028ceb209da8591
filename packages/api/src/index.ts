/**
 * @jixiao/api — the one typed contract between the server, the web app, the CLI and tests:
 * request and response schemas (zod, which also produce the OpenAPI document) and the views
 * that turn engine results into JSON.
 */
export * from "./schemas.js";
export * from "./views.js";
export * from "./expert-fields.js";
export * from "./json-path.js";
