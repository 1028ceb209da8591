/**
 * Text files as people save them: UTF-8 (with or without BOM), GB18030 (Excel's "CSV" on a
 * Chinese Windows; a superset of GBK and GB2312) and UTF-16 (Excel's "Unicode text"). The
 * encoding is read from the BOM, else UTF-8 is tried strictly, else UTF-16 without BOM is
 * recognised by its zero bytes, else GB18030.
 */
import iconv from "iconv-lite";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export function decodeText(data: Uint8Array): { text: string; encoding: TextEncoding } {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(data.subarray(3)), encoding: "utf-8" };
  if (data[0] === 0xff && data[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(data.subarray(2)), encoding: "utf-16le" };
  if (data[0] === 0xfe && data[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(data.subarray(2)), encoding: "utf-16be" };
  // UTF-16 without a BOM: text in UTF-8 or GB18030 never holds a zero byte; UTF-16 nearly
  // always does. Little- or big-endian: whichever reads as more plausible characters.
  const sample = data.subarray(0, Math.min(data.length, 4096) & ~1);
  if (sample.includes(0)) {
    const le = new TextDecoder("utf-16le").decode(sample);
    const be = new TextDecoder("utf-16be").decode(sample);
    const encoding = plausible(le) >= plausible(be) ? "utf-16le" : "utf-16be";
    return { text: new TextDecoder(encoding).decode(data), encoding };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(data), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), "gb18030"), encoding: "gb18030" };
  }
}

/** How many characters look like text: ASCII printable, CJK ideographs and punctuation, whitespace. */
function plausible(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 9 ||
      c === 10 ||
      c === 13 ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef)
    )
      n++;
  }
  return n;
}

/** Encode text (for writing test fixtures and CSV downloads in a chosen encoding). */
export function encodeText(text: string, encoding: TextEncoding, bom = encoding !== "gb18030"): Uint8Array {
  if (encoding === "utf-8") return new TextEncoder().encode((bom ? "\uFEFF" : "") + text);
  return new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));
}
