/**
 * The audit chain's HMAC keys: a secret kept outside the database, so that someone who can
 * rewrite the database (and recompute every plain hash) still cannot produce entries that
 * verify. Where the keys come from, in this order:
 *
 * - JIXIAO_AUDIT_KEY: one key (≥ 32 characters), the one that signs;
 * - JIXIAO_AUDIT_KEY_FILE: a file of keys, one a line (`#` comments): the first signs unless
 *   JIXIAO_AUDIT_KEY is set, the others only verify older entries (rotation: put the new key
 *   first and keep the old ones below it);
 * - neither, on SQLite (a laptop, a demo): DATA_DIR/audit.key, written with a random key
 *   (mode 0600) on the first start and said so. On PostgreSQL — a shared, production
 *   deployment — the server refuses to start without one of the two settings.
 *
 * Each key is known by its id: the first 16 hex digits of sha256("jixiao-audit-key\n" + key).
 * Entries record the id of the key that signed them; the key itself is never stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Config, ConfigError } from "./config.js";

export interface AuditKey {
  id: string;
  secret: Buffer;
}

export interface AuditKeyring {
  /** The key new entries are signed with. */
  signing: AuditKey;
  byId: ReadonlyMap<string, AuditKey>;
  /** Where the keys came from, for messages ("JIXIAO_AUDIT_KEY", a file path). */
  source: string;
}

export const auditKeyId = (secret: string): string => createHash("sha256").update(`jixiao-audit-key\n${secret}`).digest("hex").slice(0, 16);

export function keyringOf(secrets: readonly string[], source: string): AuditKeyring {
  const keys = secrets.map((s) => ({ id: auditKeyId(s), secret: Buffer.from(s, "utf8") }));
  if (keys.length === 0) throw new ConfigError(`no audit key in ${source} / ${source} 中没有审计密钥`);
  return { signing: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])), source };
}

function readKeyFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`JIXIAO_AUDIT_KEY_FILE: 无法读取 ${file} / cannot read ${file}: ${(err as Error).message}`);
  }
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const short = keys.findIndex((k) => k.length < 32);
  if (short >= 0)
    throw new ConfigError(
      `JIXIAO_AUDIT_KEY_FILE: ${file}: key ${short + 1} is shorter than 32 characters / 第 ${short + 1} 个密钥短于 32 个字符`,
    );
  if (keys.length === 0) throw new ConfigError(`JIXIAO_AUDIT_KEY_FILE: ${file} has no key / 文件中没有密钥`);
  return keys;
}

export const DEFAULT_KEY_FILE = "audit.key";

/**
 * The configured keys. `generate`: on SQLite without a configured key, create DATA_DIR/audit.key
 * when it is missing (the server does; `jixiao audit-log verify` only reads it).
 */
export function loadAuditKeys(config: Config, options: { sqlite: boolean; generate: boolean; log?: (line: string) => void }): AuditKeyring {
  const secrets: string[] = [];
  const sources: string[] = [];
  if (config.auditKey) {
    secrets.push(config.auditKey);
    sources.push("JIXIAO_AUDIT_KEY");
  }
  if (config.auditKeyFile) {
    secrets.push(...readKeyFile(config.auditKeyFile));
    sources.push(config.auditKeyFile);
  }
  if (secrets.length > 0) return keyringOf(secrets, sources.join(" + "));
  if (!options.sqlite) {
    throw new ConfigError(
      "JIXIAO_AUDIT_KEY / JIXIAO_AUDIT_KEY_FILE: 使用 PostgreSQL 时必须配置审计密钥（保存在数据库之外）/ with PostgreSQL an audit key kept outside the database is required: set JIXIAO_AUDIT_KEY (≥ 32 characters, e.g. `openssl rand -base64 32`) or JIXIAO_AUDIT_KEY_FILE",
    );
  }
  const file = join(config.dataDir, DEFAULT_KEY_FILE);
  if (!existsSync(file)) {
    if (!options.generate)
      throw new ConfigError(
        `no audit key: ${file} does not exist and neither JIXIAO_AUDIT_KEY nor JIXIAO_AUDIT_KEY_FILE is set / 没有审计密钥`,
      );
    writeFileSync(
      file,
      `# Jixiao audit key (keep a copy elsewhere: without it the audit log cannot be verified)\n${randomBytes(32).toString("base64url")}\n`,
      { mode: 0o600, flag: "wx" },
    );
    options.log?.(
      `审计密钥已生成 / audit key generated: ${file} (0600). 生产环境请把它移到数据库之外并设置 JIXIAO_AUDIT_KEY_FILE / in production keep it away from the database and set JIXIAO_AUDIT_KEY_FILE`,
    );
  } else if ((statSync(file).mode & 0o077) !== 0) {
    options.log?.(`警告 / warning: ${file} is readable by other users (chmod 600 ${file})`);
  }
  return keyringOf(readKeyFile(file), file);
}
