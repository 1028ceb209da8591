/**
 * Column formats: how one column prints its numbers. Reuses the engine's exact formatting
 * (half-up, no binary floating point); precision belongs to the column, not to the report.
 */
import { type Decimal, fixed, formatWan, plain, roundTo } from "@jixiao/engine";
import type { ColumnFormat } from "./structure.js";

/** Print a value in a column; undefined prints "-" (e.g. 空编率 of an over-staffed unit). */
export function formatCell(value: Decimal | string | undefined, format: ColumnFormat): string {
  if (value === undefined) return "-";
  if (typeof value === "string") return value;
  switch (format.kind) {
    case "text":
      return plain(value);
    case "count":
      return plain(value);
    case "wan":
      return formatWan(value, format.places);
    case "percent":
      return fixed(value, format.places) + "%";
    case "decimal":
      return format.trim ? plain(roundTo(value, format.places)) : fixed(value, format.places);
  }
}

export const TEXT: ColumnFormat = { kind: "text" };
export const COUNT: ColumnFormat = { kind: "count" };
export const WAN: ColumnFormat = { kind: "wan", places: 2 };
export const PERCENT2: ColumnFormat = { kind: "percent", places: 2 };
export const PERCENT0: ColumnFormat = { kind: "percent", places: 0 };
/** Scores as the seed's 表2 prints them (Excel's General format): "21.24", "7". */
export const SCORE_TRIM: ColumnFormat = { kind: "decimal", places: 2, trim: true };
/** Scores with two decimals always: "7.00". */
export const SCORE2: ColumnFormat = { kind: "decimal", places: 2 };
/** Weights as written: "30", "2.5". */
export const WEIGHT: ColumnFormat = { kind: "decimal", places: 4, trim: true };
