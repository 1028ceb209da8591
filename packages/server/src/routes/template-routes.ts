/** Templates (模板): built-in and saved, one template's document, save a new one. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function templateHandlers({ templates }: AppServices): HandlersFor<"templates"> {
  return {
    "templates.list": async (req) => templates.list(principal(req)),
    "templates.document": async (req) => templates.document(principal(req), req.params.id),
    "templates.create": async (req) => templates.create(principal(req), req.body),
  };
}
