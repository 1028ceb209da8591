/** What every service is given by the composition root (app.ts): nothing is a module singleton. */
import type { Config } from "../config.js";
import type { AuditRepository } from "../repositories/audit-repository.js";
import type { DerivedCache } from "../cache/derived-cache.js";
import type { LineageCache } from "../cache/lineage-cache.js";
import type { ParsePool } from "../workers/parse-pool.js";

export interface Services {
  config: Config;
  /** The clock and id source are passed in, so tests can control them. */
  clock: () => Date;
  ids: () => string;
  audit: AuditRepository;
  /** Values derived from immutable revisions (id + version), see cache/derived-cache.ts. */
  derived: DerivedCache;
  /** Organisations' lineages (they never change: organisations are only inserted), see cache/lineage-cache.ts. */
  lineages: LineageCache;
  /** Worker threads that read uploads off the event loop (workers/parse-pool.ts). */
  parsers: ParsePool;
}
