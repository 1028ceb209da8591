/**
 * 佐证材料 and 批注: evidence files (multipart upload, one at a time, at most EVIDENCE_LIMITS.fileBytes),
 * downloads, the working-paper package, and review notes (services/evidence-service.ts, note-service.ts).
 */
import { EVIDENCE_LIMITS } from "@jixiao/api";
import type { FastifyRequest } from "fastify";
import type { AppServices } from "../app.js";
import { DomainError, field, invalid, tooLarge } from "../errors.js";
import { principal } from "../http.js";
import type { HandlersFor } from "./endpoints.js";

/** The one uploaded file, read up to the evidence limit: over it is 413, a broken upload 400 naming body.file. */
async function evidenceFile(req: FastifyRequest): Promise<{ filename: string; data: Uint8Array }> {
  if (!req.isMultipart()) throw invalid("not-multipart");
  let filename = "";
  try {
    const file = await req.file({ limits: { files: 1, fileSize: EVIDENCE_LIMITS.fileBytes } });
    if (!file) throw invalid("no-file", {}, [field("body.file", "field/unreadable", { reason: "no file" })]);
    filename = file.filename;
    return { filename, data: new Uint8Array(await file.toBuffer()) };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE")
      throw tooLarge("evidence-too-large", { name: filename, limit: `${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MB` });
    if (typeof (err as { statusCode?: unknown }).statusCode === "number" && (err as { statusCode: number }).statusCode < 500) throw err;
    throw invalid("bad-multipart", {}, [field("body.file", "field/unreadable", { reason: (err as Error).message })]);
  }
}

export function evidenceHandlers({ evidence, notes }: AppServices): HandlersFor<"evidence" | "notes"> {
  return {
    "evidence.list": async (req) => evidence.list(principal(req), req.params.id),
    "evidence.upload": async (req) => {
      const p = principal(req);
      const { filename, data } = await evidenceFile(req);
      return evidence.upload(p, req.params.id, req.query.node, filename, data);
    },
    "evidence.download": async (req) => {
      const f = await evidence.download(principal(req), req.params.id, req.params.fileId);
      const ext = f.filename.includes(".") ? f.filename.slice(f.filename.lastIndexOf(".")).replace(/[^.A-Za-z0-9]/g, "") : "";
      return { body: f.body, contentType: f.mediaType, filename: f.filename, fallback: `evidence${ext}` };
    },
    "evidence.remove": async (req) => {
      await evidence.remove(principal(req), req.params.id, req.params.fileId);
    },
    "evidence.package": async (req) => {
      const z = await evidence.package(principal(req), req.params.id);
      return { body: z.body, contentType: "application/zip", filename: z.filename, fallback: "working-papers.zip" };
    },
    "notes.list": async (req) => notes.list(principal(req), req.params.id),
    "notes.create": async (req) => notes.create(principal(req), req.params.id, req.body),
    "notes.update": async (req) => notes.update(principal(req), req.params.id, req.params.noteId, req.body),
  };
}
