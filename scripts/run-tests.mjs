#!/usr/bin/env node
// npm test: build the packages (the CLI tests run the real `jixiao` binary, the browser tests the
// built web app), then run every test file with Node's test runner and print one closing line,
// "N passed, N failed, N skipped" (a database suite without PostgreSQL is one skipped test).
// Test files import sources through the "jixiao-src" export condition, so no rebuild is needed
// between edits to sources and their tests.
//
// Tiers (package.json): --tier=unit   engine, api, exchange, reports, cli and the web app's own
//                                     logic: no database, no browser (LibreOffice where installed)
//                       --tier=db     the server's tests, each suite on SQLite and on PostgreSQL
//                       --tier=e2e    the web app served by a real server, driven in a real browser
// Other arguments keep the files whose path contains one of them; --list prints the selection.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name === "fixtures") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status ?? 1;

const tests = readdirSync("packages").flatMap((p) => {
  try {
    return files(join("packages", p, "test"));
  } catch {
    return [];
  }
});
/** A test file's tier: the server's tests need the databases; web tests that start the server (./server.js) are end to end. */
function tierOf(file) {
  if (file.startsWith(join("packages", "server", "test"))) return "db";
  if (file.startsWith(join("packages", "web", "test")) && /from "\.\/server\.js"/.test(readFileSync(file, "utf8"))) return "e2e";
  return "unit";
}
const TIERS = ["unit", "db", "e2e"];
const tier = process.argv.find((a) => a.startsWith("--tier="))?.slice("--tier=".length);
if (tier !== undefined && !TIERS.includes(tier)) {
  console.error(`npm test: unknown tier "${tier}" (one of: ${TIERS.join(", ")})`);
  process.exit(2);
}
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const selected = tests.filter((t) => (tier === undefined || tierOf(t) === tier) && (only.length === 0 || only.some((o) => t.includes(o))));
if (process.argv.includes("--list")) {
  for (const t of selected) console.log(`${tierOf(t).padEnd(4)} ${t}`);
  process.exit(0);
}
if (run("npm", ["run", "build", "--silent"]) !== 0) {
  console.error("npm test: the build failed (see above); no tests were run.");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--conditions=jixiao-src", "--import", "tsx", "--test", "--test-reporter=spec", ...selected], {
  stdio: ["inherit", "pipe", "inherit"],
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(r.stdout ?? "");
const count = (word) => Number(new RegExp(`^ℹ ${word} (\\d+)$`, "m").exec(r.stdout ?? "")?.[1] ?? 0);
// One plain closing line that any CI can read.
console.log(`\n${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped`);
process.exit(r.status ?? 1);
