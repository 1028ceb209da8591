/**
 * What an uploaded evidence file is, read from its bytes (magic numbers; for a zip, its entries),
 * never from its name alone: PDF, PNG, JPEG, GIF, WebP, the Office Open XML formats (.docx,
 * .xlsx, .pptx) and the older binary Office formats (.doc, .xls, .ppt: an OLE2 compound file).
 * The name's extension must agree with what the bytes are.
 */
import { EVIDENCE_TYPES } from "@jixiao/api";
import JSZip from "jszip";

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OLE_TYPES: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};
const OOXML: Array<[string, string]> = [
  ["word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
];

/** The media type the bytes are, or undefined when they are none of the accepted kinds. */
export async function detectEvidenceType(bytes: Uint8Array, extension: string): Promise<string | undefined> {
  if (starts(bytes, ascii("%PDF-"))) return "application/pdf";
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts(bytes, ascii("GIF87a")) || starts(bytes, ascii("GIF89a"))) return "image/gif";
  if (starts(bytes, ascii("RIFF")) && starts(bytes, ascii("WEBP"), 8)) return "image/webp";
  // An OLE2 compound file is any of the three old formats: the extension says which.
  if (starts(bytes, OLE2)) return OLE_TYPES[extension] ?? "application/msword";
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    try {
      // Reads the central directory only; nothing is inflated.
      const zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
      if (!zip.file("[Content_Types].xml")) return undefined;
      const names = Object.keys(zip.files);
      return OOXML.find(([dir]) => names.some((n) => n.startsWith(dir)))?.[1];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The lower-case extension of a file name ("" when it has none). */
export const extensionOf = (filename: string): string => {
  const dot = filename.lastIndexOf(".");
  return dot <= 0 ? "" : filename.slice(dot + 1).toLowerCase();
};

/** Does the extension agree with the media type the content is? */
export const extensionFits = (mediaType: string, extension: string): boolean =>
  EVIDENCE_TYPES[mediaType]?.extensions.includes(extension) ?? false;
