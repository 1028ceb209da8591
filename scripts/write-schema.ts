/**
 * npm run schema — write schema/evaluation.schema.json from the zod model (the one source of
 * truth). A test fails when the committed file is out of date.
 */
import { writeFileSync } from "node:fs";
import { evaluationJsonSchema } from "./json-schema.js";

const file = new URL("../schema/evaluation.schema.json", import.meta.url);
writeFileSync(file, evaluationJsonSchema());
console.log(`wrote ${file.pathname}`);
