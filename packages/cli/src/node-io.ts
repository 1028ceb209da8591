/** The real file system and console, for the `jixiao` binary. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Io } from "./main.js";

export function nodeIo(): Io {
  return {
    out: (text) => process.stdout.write(text + "\n"),
    err: (text) => process.stderr.write(text + "\n"),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text, "utf8"),
    exists: (path) => existsSync(path),
    env: process.env,
  };
}
