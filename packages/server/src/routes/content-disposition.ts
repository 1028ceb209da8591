/**
 * Content-Disposition for downloads (RFC 6266): an ASCII fallback name for old clients and the
 * real (usually Chinese) name as an RFC 5987 ext-value. The real name comes from a title a user
 * typed, so it is cut to a length every browser and proxy accepts: at most
 * MAX_FILENAME_CHARS characters before the extension (… marks the cut), which percent-encoded is
 * at most about a kilobyte.
 */
export const MAX_FILENAME_CHARS = 80;

/** RFC 5987 ext-value: percent-encode everything but attr-char (encodeURIComponent leaves ' ( ) * alone). */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The name cut to MAX_FILENAME_CHARS characters (code points, so no character is split) before its extension. */
export function shortFilename(filename: string): string {
  // No control characters or path separators in a file name.
  const clean = [...filename].map((c) => (c.charCodeAt(0) < 0x20 || c === "\u007f" || c === "/" || c === "\\" ? " " : c)).join("");
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : "";
  const stem = [...clean.slice(0, clean.length - ext.length)];
  return stem.length <= MAX_FILENAME_CHARS ? clean : `${stem.slice(0, MAX_FILENAME_CHARS - 1).join("")}…${ext}`;
}

/** `attachment; filename="report.docx"; filename*=UTF-8''…` */
export function attachment(filename: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${rfc5987(shortFilename(filename))}`;
}
