/**
 * Stated figures: numbers as a report printed them ("105.45%", "14%", "85.73", "-"), and
 * their comparison with a recomputed value at the precision they were printed with.
 */
import { type Decimal, dec, fixed, isDecimalText, roundTo } from "./exact.js";

export type PrintedFigure =
  | { kind: "number"; value: Decimal; places: number; percent: boolean; text: string }
  | { kind: "dash"; text: string }
  | { kind: "text"; text: string };

const DASHES = new Set(["-", "—", "－", "–", "/", "——", "无"]);

/** Read a printed figure. "63%" → 63 at 0 places, percent; "7" → 7 at 0 places. */
export function readPrinted(text: string): PrintedFigure {
  const t = text.trim().replace(/\s+/g, "");
  if (DASHES.has(t)) return { kind: "dash", text };
  const percent = /[%％]$/.test(t);
  const body = (percent ? t.slice(0, -1) : t).replace(/(万元|元|分|人|个)$/, "");
  if (!isDecimalText(body)) return { kind: "text", text };
  const clean = body.replace(/[,，]/g, "");
  const dot = clean.indexOf(".");
  const places = dot < 0 ? 0 : clean.length - dot - 1;
  return { kind: "number", value: dec(clean), places, percent, text };
}

export type StatedComparison =
  { ok: true; expectedText: string } | { ok: false; reason: "mismatch"; expectedText: string } | { ok: false; reason: "unreadable" };

/**
 * Compare a printed figure with a recomputed value (in the printed scale: percent figures
 * against a percent value). `undefinedMeansDash`: a "-" is right when the value is absent
 * (e.g. 空编率 of an over-staffed unit).
 * @example compareStated("14%", dec("14.4927536")).ok === true
 */
export function compareStated(
  printed: string,
  value: Decimal | undefined,
  options: { dashWhenUndefined?: boolean } = {},
): StatedComparison {
  const p = readPrinted(printed);
  if (p.kind === "text") return { ok: false, reason: "unreadable" };
  if (p.kind === "dash") {
    if (value === undefined && options.dashWhenUndefined) return { ok: true, expectedText: "-" };
    if (value === undefined) return { ok: true, expectedText: "-" };
    return { ok: false, reason: "mismatch", expectedText: fixed(value, 2) + (printed.includes("%") ? "%" : "") };
  }
  if (value === undefined) return { ok: false, reason: "mismatch", expectedText: "-" };
  const rounded = roundTo(value, p.places);
  const expectedText = fixed(rounded, p.places) + (p.percent ? "%" : "");
  return rounded.equals(p.value) ? { ok: true, expectedText } : { ok: false, reason: "mismatch", expectedText };
}
