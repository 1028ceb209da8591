/** Session: log in and out, who am I, change the password. */
import { permissionsOf } from "../policy.js";
import { userView } from "../services/auth-service.js";
import type { AppServices } from "../app.js";
import { SESSION_COOKIE, principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

export function sessionHandlers({ auth }: AppServices, cookieSecure: (req: { protocol: string }) => boolean): HandlersFor<"session"> {
  return {
    "session.login": async (req, reply) => {
      const { token, view, expires } = await auth.login(req.body.username, req.body.password, req.ip);
      void reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure: cookieSecure(req), expires });
      return view;
    },
    "session.get": async (req) => {
      const p = principal(req);
      return { user: userView(req.user!), csrfToken: req.csrf!, permissions: permissionsOf(p) };
    },
    "session.logout": async (req, reply) => {
      principal(req);
      await auth.logout(req.sessionId!);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
    },
    "session.changePassword": async (req) => {
      principal(req);
      await auth.changePassword(req.user!, req.sessionId!, req.body.currentPassword, req.body.newPassword, req.ip);
    },
  };
}
