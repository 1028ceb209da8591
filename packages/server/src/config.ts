/**
 * Configuration: environment variables, optionally a JSON file (JIXIAO_CONFIG), validated once
 * at start-up with messages a person can act on.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import * as z from "zod";

/**
 * JIXIAO_TRUST_PROXY: off unless set to the reverse proxies' addresses or networks
 * ("127.0.0.1", "10.0.0.0/8,::1"). Only requests arriving from those count X-Forwarded-For (the
 * address login throttling counts) and X-Forwarded-Proto (the Secure cookie); otherwise anyone
 * could claim any address or scheme. Not "true" and not a hop count: neither can tell a proxy
 * from a client that sends the headers itself (Fastify 5 treats a hop count as trusting no one).
 */
const TrustProxy = z.union([z.literal(false), z.string(), z.array(z.string())]).transform((given, ctx): false | string[] => {
  const v = Array.isArray(given) ? given.join(",") : given;
  if (v === false || v === "" || v === "false" || v === "off") return false;
  const list = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((a) => {
    const [ip, bits, ...rest] = a.split("/");
    if (rest.length > 0 || !ip || isIP(ip) === 0) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128));
  });
  if (list.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `expected the proxies' addresses or networks, e.g. 127.0.0.1 or 10.0.0.0/8,::1 (not "true", not a hop count); not an address: ${bad.join(", ") || v} / 应为反向代理的地址或网段`,
    });
    return z.NEVER;
  }
  return list;
});

export const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default("127.0.0.1"),
  dataDir: z.string().default("./data"),
  databaseUrl: z.string().url().optional(),
  /** Secure cookies: "auto" when the request came over HTTPS (X-Forwarded-Proto only from a trusted proxy). */
  cookieSecure: z.enum(["auto", "always", "never"]).default("auto"),
  trustProxy: TrustProxy.default(false),
  sessionHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** scrypt cost exponent: N = 2^passwordCost (15 → 32 MiB per hash). */
  passwordCost: z.coerce.number().int().min(10).max(20).default(15),
  /** Failed logins allowed per account from one address in 15 minutes (see auth-service.ts for the other limits). */
  loginAttempts: z.coerce.number().int().min(1).max(100).default(5),
  bodyLimitMb: z.coerce.number().min(0.1).max(100).default(10),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  demo: z.enum(["auto", "always", "never"]).default("auto"),
  /**
   * 绩效公开 without an account: "anonymous" (the default) lets anyone read the public view of
   * published evaluations (read-only, rate-limited); "accounts" asks for a sign-in (a visitor account).
   */
  publicAccess: z.enum(["anonymous", "accounts"]).default("anonymous"),
  /** Public-view requests per minute from one address without an account (a PDF counts as 5). */
  publicRequestsPerMinute: z.coerce.number().int().min(1).max(100_000).default(120),
  /** The audit chain's HMAC key (≥ 32 characters), kept outside the database; see audit-key.ts. */
  auditKey: z.string().min(32, "at least 32 characters (e.g. openssl rand -base64 32) / 至少 32 个字符").optional(),
  /** A file of audit keys, one a line, the first signs (the rest verify older entries). */
  auditKeyFile: z.string().optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

const ENV: Record<string, keyof Config> = {
  PORT: "port",
  HOST: "host",
  JIXIAO_DATA_DIR: "dataDir",
  DATABASE_URL: "databaseUrl",
  JIXIAO_COOKIE_SECURE: "cookieSecure",
  JIXIAO_SESSION_HOURS: "sessionHours",
  JIXIAO_PASSWORD_COST: "passwordCost",
  JIXIAO_LOGIN_ATTEMPTS: "loginAttempts",
  JIXIAO_BODY_LIMIT_MB: "bodyLimitMb",
  LOG_LEVEL: "logLevel",
  JIXIAO_DEMO: "demo",
  JIXIAO_PUBLIC_ACCESS: "publicAccess",
  JIXIAO_PUBLIC_RATE: "publicRequestsPerMinute",
  JIXIAO_TRUST_PROXY: "trustProxy",
  JIXIAO_AUDIT_KEY: "auditKey",
  JIXIAO_AUDIT_KEY_FILE: "auditKeyFile",
};

export class ConfigError extends Error {}

/** Read config from a file (JIXIAO_CONFIG) and the environment; the environment wins. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  let fromFile: Record<string, unknown> = {};
  const file = env["JIXIAO_CONFIG"];
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`配置文件 ${file} 无法读取或不是 JSON / config file ${file} cannot be read as JSON: ${(err as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== "") fromEnv[key] = env[name];
  const parsed = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      const envName = Object.entries(ENV).find(([, k]) => k === key)?.[0];
      return `  ${envName ?? key}${file && !envName ? ` (${file})` : ""}: ${i.message}`;
    });
    throw new ConfigError(`配置无效 / invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return { ...c, dataDir: resolve(c.dataDir), ...(c.auditKeyFile ? { auditKeyFile: resolve(c.auditKeyFile) } : {}) };
}
