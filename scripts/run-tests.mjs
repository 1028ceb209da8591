#!/usr/bin/env node
// npm test: build the packages (the CLI tests run the real `jixiao` binary), then run every
// test file with Node's test runner. Test files import sources through the "jixiao-src"
// export condition, so no rebuild is needed between edits to sources and their tests.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
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

if (run("npm", ["run", "build", "--silent"]) !== 0) {
  console.error("npm test: the build failed (see above); no tests were run.");
  process.exit(1);
}
const tests = readdirSync("packages").flatMap((p) => {
  try {
    return files(join("packages", p, "test"));
  } catch {
    return [];
  }
});
const only = process.argv.slice(2);
const selected = only.length > 0 ? tests.filter((t) => only.some((o) => t.includes(o))) : tests;
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
