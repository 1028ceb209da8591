/**
 * What the current user may change in one evaluation, read from the `access` the server sends
 * with it (decided by packages/server/src/policy.ts; the server decides again on every save).
 * Experts never write the document: they score their assigned indicators in their own panel
 * records (专家评议, the 专家评分 panel), so for them every field of the document is read-only;
 * their assigned indicators are still found (to show them and open the panel there).
 */
import type { EvaluationAccess } from "@jixiao/api";
import { scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import type { Path } from "./document.js";

export interface EditRights {
  /** The whole document: structure, names, weights, rules, texts, findings. */
  all: boolean;
  /** At least some fields of the document (today: everything or nothing). */
  some: boolean;
  /** The model paths of the indicators assigned to this expert (empty for everyone else). */
  assignedPaths: readonly Path[];
  /** May this user change the value at `path`? */
  mayEdit: (path: Path) => boolean;
}

/**
 * The rights for `access` on `document` (the version the server sent): an expert's assigned
 * node ids become paths the way the server finds them, through the engine's node ids
 * (an indicator's `id`, else its position "1.2").
 */
export function editRights(access: EvaluationAccess, document: unknown): EditRights {
  if (access.update) return { all: true, some: true, assignedPaths: [], mayEdit: () => true };
  if (access.assignedNodes.length === 0) return { all: false, some: false, assignedPaths: [], mayEdit: () => false };
  const v = validateEvaluation(document);
  const byId = v.ok ? scoreEvaluation(v.evaluation).byId : new Map();
  const assignedPaths = access.assignedNodes.map((id) => byId.get(id)?.path).filter((p): p is Path => p !== undefined);
  return { all: false, some: false, assignedPaths, mayEdit: () => false };
}
