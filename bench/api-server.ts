/**
 * `jixiao serve` from the source tree (bench:api starts this as a child process, so the
 * figures measure the code as it is now, not whatever was last built into dist).
 */
import { serve } from "@jixiao/server";

process.exitCode = await serve();
