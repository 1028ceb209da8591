/** The real file system and console, for the `jixiao` binary. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Io } from "./main.js";

export function nodeIo(): Io {
  // A closed pipe (`jixiao check … | head`) ends the output quietly, as other tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return {
    out: (text) => process.stdout.write(text + "\n"),
    err: (text) => process.stderr.write(text + "\n"),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text, "utf8"),
    writeBytes: (path, data) => writeFileSync(path, data),
    exists: (path) => existsSync(path),
    env: process.env,
  };
}
