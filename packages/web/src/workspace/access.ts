/**
 * What the current user may change in one evaluation, read from the `access` the server sends
 * with it (decided by packages/server/src/policy.ts; the server decides again on every save).
 * Which fields an expert's assignment covers is the contract's `expertMayEdit` (@jixiao/api),
 * the same function the server's policy applies.
 */
import { type EvaluationAccess, expertMayEdit } from "@jixiao/api";
import { scoreEvaluation, validateEvaluation } from "@jixiao/engine";
import type { Path } from "./document.js";

export interface EditRights {
  /** The whole document: structure, names, weights, rules, texts, findings. */
  all: boolean;
  /** At least some fields (everything, or an expert's assigned indicators). */
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
  if (!access.scoreAssigned || access.assignedNodes.length === 0)
    return { all: false, some: false, assignedPaths: [], mayEdit: () => false };
  const v = validateEvaluation(document);
  const byId = v.ok ? scoreEvaluation(v.evaluation).byId : new Map();
  const assignedPaths = access.assignedNodes.map((id) => byId.get(id)?.path).filter((p): p is Path => p !== undefined);
  return { all: false, some: assignedPaths.length > 0, assignedPaths, mayEdit: (path) => expertMayEdit(path, assignedPaths) };
}
