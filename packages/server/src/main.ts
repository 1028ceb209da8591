/**
 * Start the server: read and validate the configuration, migrate, seed demo data on the first
 * run, listen, and shut down gracefully on SIGINT/SIGTERM.
 */
import { buildApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { seedDemoIfWanted } from "./demo.js";

export async function serve(overrides: Partial<Config> = {}): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + "\n");
      return 2;
    }
    throw err;
  }
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp(config, { log: (line) => process.stdout.write(line + "\n") });
  } catch (err) {
    // No audit key on PostgreSQL, an unreadable key file, an unsealed audit log: say so and stop.
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + "\n");
      return 2;
    }
    throw err;
  }
  await seedDemoIfWanted(app, (line) => process.stdout.write(line + "\n"));
  const address = await app.http.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `绩效 Jixiao 已启动 / listening on ${address.replace("127.0.0.1", "localhost")}  (database: ${app.store.dialect} ${app.store.location})\n`,
  );
  process.stdout.write(`API 文档 / API docs: ${address.replace("127.0.0.1", "localhost")}/api/docs\n`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.http.log.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  return new Promise<number>(() => {});
}
