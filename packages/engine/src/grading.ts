/**
 * Grading schemes. Three presets show that the engine is not wired to one tradition:
 *  - cn-2020: 财预〔2020〕10号 — 优 [90,100], 良 [80,90), 中 [60,80), 差 [0,60);
 *  - part: US OMB PART — sections 20/10/20/50; Effective 85–100, Moderately Effective 70–84,
 *    Adequate 50–69, Ineffective 0–49; Results Not Demonstrated when evidence is missing;
 *  - pefa: PEFA 2016 — ordinal dimension grades A/B/C/D (D* = insufficient information,
 *    NA = not applicable), indicators by M1 (weakest link) or M2 (averaging table), no total.
 */
import { type Decimal, dec } from "./exact.js";
import { gte, lt, lte } from "./fast.js";
import type { GradeBand, Scheme } from "./model.js";

export interface Band {
  grade: string;
  min: Decimal;
  max: Decimal;
  maxInclusive: boolean;
  label_en?: string;
}

function band(grade: string, min: number, max: number, maxInclusive: boolean, label_en?: string): Band {
  return { grade, min: dec(min), max: dec(max), maxInclusive, label_en };
}

/** Default bands per preset. */
export const PRESET_BANDS: Record<"cn-2020" | "part", Band[]> = {
  "cn-2020": [
    band("优", 90, 100, true, "Excellent"),
    band("良", 80, 90, false, "Good"),
    band("中", 60, 80, false, "Fair"),
    band("差", 0, 60, false, "Poor"),
  ],
  part: [
    band("Effective", 85, 100, true),
    band("Moderately Effective", 70, 85, false),
    band("Adequate", 50, 70, false),
    band("Ineffective", 0, 50, false),
  ],
};

export const PART_NOT_DEMONSTRATED = "Results Not Demonstrated";

export function bandsFor(scheme: Scheme | undefined): Band[] {
  if (scheme?.bands) {
    return scheme.bands.map((b: GradeBand) => ({
      grade: b.grade,
      min: b.min,
      max: b.max,
      maxInclusive: b.maxInclusive ?? false,
      label_en: b.label_en,
    }));
  }
  const preset = scheme?.preset ?? "cn-2020";
  return preset === "pefa" ? [] : PRESET_BANDS[preset];
}

/**
 * The band a per-100 score falls in. A score equal to a band's max belongs to it only when
 * maxInclusive (so 90 is 优, 89.99 is 良).
 * @example gradeFor(dec("85.73"), PRESET_BANDS["cn-2020"])?.grade === "良"
 */
export function gradeFor(score: Decimal, bands: readonly Band[]): Band | undefined {
  return bands.find((b) => gte(score, b.min) && (b.maxInclusive ? lte(score, b.max) : lt(score, b.max)));
}

/** Text of a band's interval: "[80, 90)". */
export function bandText(b: Band): string {
  return `[${b.min.toFixed()}, ${b.max.toFixed()}${b.maxInclusive ? "]" : ")"}`;
}

// ── PEFA ordinal ───────────────────────────────────────────────────────────────────────────

export type Ordinal = "A" | "B" | "C" | "D" | "D*" | "NA";
const ORDER = ["D", "C", "B", "A"] as const;
type Letter = (typeof ORDER)[number];

function letterOf(g: Ordinal): Letter {
  return g === "D*" ? "D" : (g as Letter);
}

/**
 * M1 (weakest link): the lowest dimension score, with "+" when any other dimension scores
 * higher. D* counts as D; NA dimensions are left out. (PEFA 2016 Framework, p. 5.)
 */
export function pefaM1(grades: readonly Ordinal[]): string {
  const used = grades.filter((g) => g !== "NA").map(letterOf);
  if (used.length === 0) return "NA";
  const ranks = used.map((l) => ORDER.indexOf(l));
  const lowest = Math.min(...ranks);
  const plus = ranks.some((r) => r > lowest) ? "+" : "";
  return `${ORDER[lowest]}${plus}`;
}

/**
 * M2 (averaging) conversion table, PEFA 2016 Framework, Annex "Conversion table for scoring
 * indicators using M2 (AV) method": dimension scores (in any order) → indicator score.
 */
const M2_TABLE: Record<string, string> = {
  // two dimensions
  DD: "D",
  DC: "D+",
  DB: "C",
  DA: "C+",
  CC: "C",
  CB: "C+",
  CA: "B",
  BB: "B",
  BA: "B+",
  AA: "A",
  // three dimensions
  DDD: "D",
  DDC: "D+",
  DDB: "D+",
  DDA: "C",
  DCC: "D+",
  DCB: "C",
  DCA: "C+",
  DBB: "C+",
  DBA: "B",
  DAA: "B",
  CCC: "C",
  CCB: "C+",
  CCA: "C+",
  CBB: "C+",
  CBA: "B",
  CAA: "B+",
  BBB: "B",
  BBA: "B+",
  BAA: "A",
  AAA: "A",
  // four dimensions
  DDDD: "D",
  DDDC: "D",
  DDDB: "D+",
  DDDA: "D+",
  DDCC: "D+",
  DDCB: "D+",
  DDCA: "C",
  DDBB: "C",
  DDBA: "C+",
  DDAA: "C+",
  DCCC: "D+",
  DCCB: "C",
  DCCA: "C+",
  DCBB: "C+",
  DCBA: "C+",
  DCAA: "B",
  DBBB: "C+",
  DBBA: "B",
  DBAA: "B",
  DAAA: "B+",
  CCCC: "C",
  CCCB: "C+",
  CCCA: "C+",
  CCBB: "C+",
  CCBA: "B",
  CCAA: "B",
  CBBB: "B",
  CBBA: "B",
  CBAA: "B+",
  CAAA: "B+",
  BBBB: "B",
  BBBA: "B+",
  BBAA: "B+",
  BAAA: "A",
  AAAA: "A",
};

/** M2: look up the averaging table; one dimension scores as itself. */
export function pefaM2(grades: readonly Ordinal[]): string {
  const used = grades.filter((g) => g !== "NA").map(letterOf);
  if (used.length === 0) return "NA";
  if (used.length === 1) return used[0]!;
  const key = [...used].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join("");
  const found = M2_TABLE[key];
  if (found === undefined) throw new RangeError(`M2 table covers 2–4 dimensions, got ${used.length}`);
  return found;
}
