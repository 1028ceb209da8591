/**
 * Charts as PNG for Word (DOCX embeds raster images everywhere; SVG only in newer Word). resvg
 * draws the SVG with the CJK fonts found on the machine; the fonts are parsed once per call,
 * and identical charts are rendered once (a small cache keyed by the SVG text).
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

/** Where Debian's fonts-noto-cjk puts its faces. */
export const DEFAULT_CHART_FONT_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"];

export interface PngOptions {
  /** Font files with CJK glyphs; default: Noto Sans CJK when installed, else the system's fonts. */
  fontFiles?: readonly string[];
  /** Pixel density relative to the SVG size (2 = sharp when printed). */
  scale?: number;
}

const cache = new Map<string, Uint8Array>();
const CACHE_SIZE = 32;

/** Rasterise a chart's SVG. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  const key = `${scale}\u0000${svg}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const files = (options.fontFiles ?? DEFAULT_CHART_FONT_FILES).filter((f) => existsSync(f));
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "#ffffff",
    font: files.length > 0 ? { fontFiles: [...files], loadSystemFonts: false, defaultFontFamily: "Noto Sans CJK SC" } : { loadSystemFonts: true },
  });
  const png = new Uint8Array(r.render().asPng());
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, png);
  return png;
}
