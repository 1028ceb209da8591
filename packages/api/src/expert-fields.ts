/**
 * Which fields an expert's assignment covers (专家评分范围). Part of the contract because both
 * sides need it: the server's policy applies it on every save, the browser per input to show
 * what an expert may change. One rule, one copy.
 */

/** The fields of an assigned indicator an expert scores with (`rule` only for `rule.scores`). */
export const EXPERT_SCORING_FIELDS: ReadonlySet<string> = new Set(["score", "actual", "deductions", "reason", "evidence", "rule"]);

/**
 * May an expert change this path of the document? Only a scoring field directly on one of their
 * assigned indicators — score, actual, deductions, reason, evidence, rule.scores — never the
 * indicator's name, weight, rule type or children.
 *
 * @example expertMayEdit(["indicators", 0, "score"], [["indicators", 0]]) === true
 * @example expertMayEdit(["indicators", 0, "weight"], [["indicators", 0]]) === false
 */
export function expertMayEdit(
  path: ReadonlyArray<string | number>,
  assignedNodePaths: ReadonlyArray<ReadonlyArray<string | number>>,
): boolean {
  return assignedNodePaths.some((base) => {
    if (path.length <= base.length) return false;
    for (let i = 0; i < base.length; i++) if (path[i] !== base[i]) return false;
    const field = path[base.length];
    if (typeof field !== "string" || !EXPERT_SCORING_FIELDS.has(field)) return false;
    return field !== "rule" || path[base.length + 1] === "scores";
  });
}
