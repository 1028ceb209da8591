/**
 * What the current user may change in one evaluation, read from the `access` the server sends
 * with it (decided by packages/server/src/policy.ts; the server decides again on every save).
 * The only rule repeated here is which fields an expert's assignment covers (`expertMayEdit`
 * in policy.ts): the browser needs it per input, and test/access.test.ts checks that the two
 * agree on every field of the Yangquan tree.
 */
import type { EvaluationAccess } from "@jixiao/api";
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

/** The fields of an assigned indicator an expert scores with (policy.ts `expertMayEdit`). */
const EXPERT_FIELDS = new Set(["score", "actual", "deductions", "reason", "evidence", "rule"]);

/**
 * May an expert change `path`? Only a scoring field directly on one of their assigned
 * indicators (score, actual, deductions, reason, evidence, rule.scores), never the
 * indicator's name, weight, rule or children.
 * @example expertMayEdit(["indicators", 0, "score"], [["indicators", 0]]) === true
 */
export function expertMayEdit(path: Path, assignedPaths: readonly Path[]): boolean {
  return assignedPaths.some((base) => {
    if (path.length <= base.length) return false;
    for (let i = 0; i < base.length; i++) if (path[i] !== base[i]) return false;
    const field = path[base.length];
    if (typeof field !== "string" || !EXPERT_FIELDS.has(field)) return false;
    return field !== "rule" || path[base.length + 1] === "scores";
  });
}

/**
 * The rights for `access` on `document` (the version the server sent): an expert's assigned
 * node ids become paths the way the server finds them, through the engine's node ids
 * (an indicator's `id`, else its position "1.2").
 */
export function editRights(access: EvaluationAccess, document: unknown): EditRights {
  if (access.update) return { all: true, some: true, assignedPaths: [], mayEdit: () => true };
  if (!access.scoreAssigned || access.assignedNodes.length === 0) return { all: false, some: false, assignedPaths: [], mayEdit: () => false };
  const v = validateEvaluation(document);
  const byId = v.ok ? scoreEvaluation(v.evaluation).byId : new Map();
  const assignedPaths = access.assignedNodes.map((id) => byId.get(id)?.path).filter((p): p is Path => p !== undefined);
  return { all: false, some: assignedPaths.length > 0, assignedPaths, mayEdit: (path) => expertMayEdit(path, assignedPaths) };
}
