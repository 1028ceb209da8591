/**
 * Configuration: environment variables, optionally a JSON file (JIXIAO_CONFIG), validated once
 * at start-up with messages a person can act on.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";

export const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default("127.0.0.1"),
  dataDir: z.string().default("./data"),
  databaseUrl: z.string().url().optional(),
  /** Secure cookies: "auto" trusts X-Forwarded-Proto from the proxy. */
  cookieSecure: z.enum(["auto", "always", "never"]).default("auto"),
  sessionHours: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** scrypt cost exponent: N = 2^passwordCost (15 → 32 MiB per hash). */
  passwordCost: z.coerce.number().int().min(10).max(20).default(15),
  /** Failed logins allowed per username (and per address) in 15 minutes. */
  loginAttempts: z.coerce.number().int().min(1).max(100).default(5),
  bodyLimitMb: z.coerce.number().min(0.1).max(100).default(10),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  demo: z.enum(["auto", "always", "never"]).default("auto"),
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
  return { ...c, dataDir: resolve(c.dataDir) };
}
