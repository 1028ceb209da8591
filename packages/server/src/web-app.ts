/**
 * Serve the built web app (packages/web/dist) at "/" when it exists: its files as they are
 * (hashed assets cached for a year, index.html never), and index.html for every other GET
 * that is not under /api, so client-side routes (/evaluations/…) survive a reload.
 * Without a build the server is API-only and says so at "/".
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** packages/web/dist, from both src/ (tsx) and dist/ (compiled). */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

export async function serveWebApp(http: FastifyInstance, root: string = WEB_DIST): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await http.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: ["index.html"],
    // The build writes .br and .gz beside each asset (packages/web/vite.config.ts).
    preCompressed: true,
    setHeaders(reply, path) {
      void reply.header("cache-control", /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  http.get("/*", { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/") || path === "/api") return reply.callNotFound();
    // A file built after start-up (a rebuilt bundle has new hashed names); missing files 404.
    if (/\.[a-z0-9]+$/i.test(path)) return reply.sendFile(decodeURIComponent(path.slice(1)));
    void reply.header("cache-control", "no-cache");
    return reply.sendFile("index.html");
  });
  return true;
}
