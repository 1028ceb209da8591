/**
 * 佐证材料 — evidence files attached to indicators, kept in the database (SQLite blob,
 * PostgreSQL bytea) with their sha256. The type is read from the content (evidence-types.ts) and
 * the name's extension must agree; sizes are bounded per file, per evaluation and in number
 * (EVIDENCE_LIMITS). The working-paper package (底稿包) is one .zip per evaluation: every file
 * in a folder per indicator, an index sheet (索引.csv) and, for whoever may read them, the review
 * notes (批注.csv). Every attachment and removal is audited in its transaction.
 */
import { createHash } from "node:crypto";
import { EVIDENCE_LIMITS, EVIDENCE_TYPES, type EvidenceListView, type EvidenceView } from "@jixiao/api";
import type { NodeResult } from "@jixiao/engine";
import { csvCell, csvText } from "@jixiao/exchange";
import JSZip from "jszip";
import type { Store } from "../db/database.js";
import { conflict, field, invalid, notFound, tooLarge } from "../errors.js";
import { type Principal, can } from "../policy.js";
import { EvidenceRepository, type EvidenceHead } from "../repositories/evidence-repository.js";
import { NoteRepository } from "../repositories/note-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import { detectEvidenceType, extensionFits, extensionOf } from "./evidence-types.js";
import type { Services } from "./services.js";

const MB = 1024 * 1024;
const sizeText = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

function view(r: EvidenceHead): EvidenceView {
  return {
    id: r.id,
    nodeId: r.node_id,
    filename: r.filename,
    mediaType: r.media_type,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by_name,
    uploadedAt: r.uploaded_at,
  };
}

/** The index sheets as CSV (exchange's csvCell: quoted when needed, formulas neutralised). */
const csv = (rows: Array<Array<string | number>>) => csvText(rows.map((r) => r.map((v) => csvCell(v))));

/** A name safe as one path segment inside the zip. */
const segment = (s: string) =>
  [...s]
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? "_" : c))
    .join("")
    .replace(/^\.+/, "_")
    .slice(0, 120) || "_";

export class EvidenceService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  /** Every file of the evaluation, by indicator (what the report's appendix lists: see @jixiao/api EvidenceView). */
  async list(p: Principal, id: string): Promise<EvidenceListView> {
    await this.evaluations.openFor(p, id, "evidence.read");
    const files = (await new EvidenceRepository(this.store.db).list(id)).map(view);
    return {
      files,
      totalBytes: files.reduce((a, f) => a + f.size, 0),
      limits: {
        fileBytes: EVIDENCE_LIMITS.fileBytes,
        evaluationBytes: EVIDENCE_LIMITS.evaluationBytes,
        filesPerEvaluation: EVIDENCE_LIMITS.filesPerEvaluation,
      },
    };
  }

  /** Attach a file to indicator `nodeId`: type by content, extension agreeing, within the limits. */
  async upload(p: Principal, id: string, nodeId: string, filename: string, data: Uint8Array): Promise<EvidenceView> {
    const { row } = await this.evaluations.openFor(p, id, "evidence.upload");
    const known = this.evaluations.scoredRow(row)?.result.byId;
    if (known && !known.has(nodeId)) throw invalid("unknown-node", { id: nodeId }, [field("node", "field/no-such-indicator")]);
    const name = filename.normalize("NFC").trim();
    if (name.length === 0 || name.length > EVIDENCE_LIMITS.filenameLength)
      throw invalid("evidence-filename", { max: EVIDENCE_LIMITS.filenameLength }, [
        field("body.file", "field/filename", { max: EVIDENCE_LIMITS.filenameLength }),
      ]);
    if (data.length === 0) throw invalid("evidence-empty", {}, [field("body.file", "field/unreadable", { reason: "empty" })]);
    if (data.length > EVIDENCE_LIMITS.fileBytes) throw tooLarge("evidence-too-large", { name, limit: sizeText(EVIDENCE_LIMITS.fileBytes) });
    const ext = extensionOf(name);
    const mediaType = await detectEvidenceType(data, ext);
    if (!mediaType) throw invalid("evidence-type", {}, [field("body.file", "field/evidence-type")]);
    if (!extensionFits(mediaType, ext)) {
      const extensions = EVIDENCE_TYPES[mediaType]!.extensions.map((e) => `.${e}`).join(" / ");
      throw invalid("evidence-extension", { ext: ext || "—", type: EVIDENCE_TYPES[mediaType]!.label }, [
        field("body.file", "field/evidence-extension", { extensions }),
      ]);
    }
    const sha256 = createHash("sha256").update(data).digest("hex");
    const now = this.s.clock().toISOString();
    const fileId = this.s.ids();
    await this.store.db.transaction().execute(async (tx) => {
      const repo = new EvidenceRepository(tx);
      // Checked inside the transaction that inserts (SQLite has one writer; on PostgreSQL two
      // racing uploads may both pass, exceeding the total by at most one file's size).
      const used = await repo.usage(id);
      if (used.count >= EVIDENCE_LIMITS.filesPerEvaluation) throw conflict("evidence-count", { limit: EVIDENCE_LIMITS.filesPerEvaluation });
      if (used.bytes + data.length > EVIDENCE_LIMITS.evaluationBytes)
        throw tooLarge("evidence-total", { limit: sizeText(EVIDENCE_LIMITS.evaluationBytes), used: sizeText(used.bytes) });
      await repo.insert({
        id: fileId,
        evaluation_id: id,
        node_id: nodeId,
        filename: name,
        media_type: mediaType,
        size: data.length,
        sha256,
        content: data,
        uploaded_by: p.id,
        uploaded_at: now,
      });
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "evidence.upload",
          entity: "evaluation",
          entityId: id,
          path: `evidence.${fileId}`,
          oldValue: null,
          newValue: JSON.stringify({ node: nodeId, filename: name, mediaType, size: data.length, sha256 }),
          reason: null,
        },
      ]);
    });
    const saved = (await new EvidenceRepository(this.store.db).list(id)).find((f) => f.id === fileId)!;
    return view(saved);
  }

  async download(p: Principal, id: string, fileId: string): Promise<{ body: Uint8Array; mediaType: string; filename: string }> {
    await this.evaluations.openFor(p, id, "evidence.read");
    const f = await new EvidenceRepository(this.store.db).get(id, fileId);
    if (!f) throw notFound("thing/evidence");
    return { body: new Uint8Array(f.content), mediaType: f.media_type, filename: f.filename };
  }

  async remove(p: Principal, id: string, fileId: string): Promise<void> {
    await this.evaluations.openFor(p, id, "evidence.upload");
    const repo = new EvidenceRepository(this.store.db);
    const f = (await repo.list(id)).find((x) => x.id === fileId);
    if (!f) throw notFound("thing/evidence");
    const now = this.s.clock().toISOString();
    await this.store.db.transaction().execute(async (tx) => {
      await new EvidenceRepository(tx).remove(id, fileId);
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "evidence.remove",
          entity: "evaluation",
          entityId: id,
          path: `evidence.${fileId}`,
          oldValue: JSON.stringify({ node: f.node_id, filename: f.filename, sha256: f.sha256 }),
          newValue: null,
          reason: null,
        },
      ]);
    });
  }

  /** 底稿包: every file under 佐证材料/<indicator>/, 索引.csv, and 批注.csv for whoever may read the notes. */
  async package(p: Principal, id: string): Promise<{ body: Uint8Array; filename: string }> {
    const { row, facts } = await this.evaluations.openFor(p, id, "evidence.read");
    const byId = this.evaluations.scoredRow(row)?.result.byId ?? new Map<string, NodeResult>();
    const nodeName = (nid: string | null) => (nid ? (byId.get(nid)?.name ?? nid) : "");
    const repo = new EvidenceRepository(this.store.db);
    const heads = await repo.list(id);
    const zip = new JSZip();
    const used = new Set<string>();
    const index: Array<Array<string | number>> = [
      ["序号", "指标编号", "指标", "文件名", "类型", "大小（字节）", "SHA-256", "上传人", "上传时间", "包内位置"],
    ];
    for (const [i, h] of heads.entries()) {
      const folder = `佐证材料/${segment(`${h.node_id} ${nodeName(h.node_id)}`)}`;
      let inZip = `${folder}/${segment(h.filename)}`;
      for (let k = 2; used.has(inZip); k++) inZip = `${folder}/${k}-${segment(h.filename)}`;
      used.add(inZip);
      const f = await repo.get(id, h.id);
      if (!f) continue;
      // Stored, not deflated: PDFs, images and Office files are compressed already.
      zip.file(inZip, f.content, { date: new Date(h.uploaded_at), compression: "STORE" });
      index.push([
        i + 1,
        h.node_id,
        nodeName(h.node_id),
        h.filename,
        EVIDENCE_TYPES[h.media_type]?.label ?? h.media_type,
        Number(h.size),
        h.sha256,
        h.uploaded_by_name ?? "",
        h.uploaded_at,
        inZip,
      ]);
    }
    const fixed = { date: new Date(row.updated_at) };
    zip.file("索引.csv", csv(index), fixed);
    if (can(p, "note.read", facts)) {
      const notes = await new NoteRepository(this.store.db).list(id);
      const rows: Array<Array<string | number>> = [
        ["序号", "指标编号", "指标", "位置", "批注", "状态", "作者", "时间", "处理人", "处理时间", "处理说明"],
      ];
      notes.forEach((n, i) =>
        rows.push([
          i + 1,
          n.node_id ?? "",
          nodeName(n.node_id),
          (JSON.parse(n.path) as Array<string | number>).join("."),
          n.text,
          n.status === "open" ? "未解决" : "已解决",
          n.author_name ?? "",
          n.created_at,
          n.resolved_by_name ?? "",
          n.resolved_at ?? "",
          n.resolution ?? "",
        ]),
      );
      zip.file("批注.csv", csv(rows), fixed);
    }
    const body = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
    return { body, filename: `${row.title}-底稿.zip` };
  }
}
