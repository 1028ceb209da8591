/**
 * npm run permissions — write docs/permissions.md from the server's policy (the role × action
 * matrix and the status table). A test fails when the committed file is out of date.
 */
import { writeFileSync } from "node:fs";
import { permissionsMarkdown } from "../packages/server/src/permissions-doc.js";

const file = new URL("../docs/permissions.md", import.meta.url);
writeFileSync(file, permissionsMarkdown());
console.log(`wrote ${file.pathname}`);
