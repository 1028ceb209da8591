export { buildApp, type App, type AppOptions } from "./app.js";
export { loadConfig, ConfigError, type Config } from "./config.js";
export { seedDemo, seedIfEmpty, fillSynthetic } from "./demo.js";
export { serve } from "./main.js";
export { openStore, type Store } from "./db/database.js";
export { migrate, AUDIT_GENESIS } from "./db/migrations.js";
export { verifyAuditLog } from "./repositories/audit-repository.js";
export { can, visibility, permissionsOf, expertMayEdit, type Principal, type Action } from "./policy.js";
export { backup, restore, RestoreError } from "./backup.js";
