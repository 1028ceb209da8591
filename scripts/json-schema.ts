import * as z from "zod";
import { EvaluationSchema } from "@jixiao/engine";

/** The JSON Schema (draft 2020-12) of the input form of a Jixiao file, as text. */
export function evaluationJsonSchema(): string {
  const schema = z.toJSONSchema(EvaluationSchema, { io: "input", unrepresentable: "any" });
  const doc = { $id: "https://jixiao.example/schema/evaluation.schema.json", ...schema };
  return JSON.stringify(doc, null, 2) + "\n";
}
