/** Organisations (单位) and the accounts in them, inside the caller's subtree. */
import type { AppServices } from "../app.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function organisationHandlers({ organisations }: AppServices): HandlersFor<"organisations" | "users"> {
  return {
    "organisations.list": async (req) => organisations.list(principal(req)),
    "organisations.create": async (req) => organisations.create(principal(req), req.body),
    "users.list": async (req) => organisations.users(principal(req)),
    "users.create": async (req) => organisations.createUser(principal(req), req.body),
  };
}
