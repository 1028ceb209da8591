/**
 * @jixiao/engine — the pure core of Jixiao: the evaluation model and its schema, exact
 * arithmetic, scoring rules, roll-up and grades, standard formulas, checks, finding rules and
 * templates. No I/O: runs unchanged in Node and in the browser.
 */
export * from "./exact.js";
export * from "./target.js";
export * from "./quantity.js";
export * from "./lexicon.js";
export * from "./model.js";
export * from "./messages.js";
export * from "./expression.js";
export * from "./grading.js";
export * from "./formulas.js";
export * from "./rules.js";
export * from "./score.js";
export * from "./outlook.js";
export * from "./regrade.js";
export * from "./robustness.js";
export * from "./whatif.js";
export * from "./stated.js";
export * from "./checks.js";
export * from "./findings.js";
export * from "./load.js";
export * from "./templates.js";
export * from "./random.js";
export * from "./filing.js";
export * from "./monitoring.js";
export * from "./kernel.js";
export * from "./kernel-read.js";
