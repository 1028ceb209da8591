/**
 * 批注 — review notes on a document path: an indicator or a figure in it. Author, time, text,
 * open or resolved (by whom, when, how). Open notes hold 提交 up unless the submitter gives a
 * reason (EvaluationService.transition). Every note and every change of its status is audited.
 */
import { type CreateNoteRequest, type NoteView, type UpdateNoteRequest, getAt, pathText } from "@jixiao/api";
import type * as z from "zod";
import type { Store } from "../db/database.js";
import { conflict, field, invalid, notFound } from "../errors.js";
import type { Principal } from "../policy.js";
import { NoteRepository, type NoteRow } from "../repositories/note-repository.js";
import type { EvaluationService } from "./evaluation-service.js";
import type { Services } from "./services.js";

/** At most this many notes on one evaluation. */
export const NOTES_PER_EVALUATION = 1000;

function view(r: NoteRow): NoteView {
  return {
    id: r.id,
    path: JSON.parse(r.path) as Array<string | number>,
    nodeId: r.node_id,
    text: r.text,
    status: r.status,
    author: r.author_name,
    createdAt: r.created_at,
    resolvedBy: r.resolved_by_name,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
  };
}

export class NoteService {
  constructor(
    private readonly store: Store,
    private readonly s: Services,
    private readonly evaluations: EvaluationService,
  ) {}

  async list(p: Principal, id: string): Promise<NoteView[]> {
    await this.evaluations.openFor(p, id, "note.read");
    return (await new NoteRepository(this.store.db).list(id)).map(view);
  }

  /** A note on a path that exists in the current document; tied to the indicator the path is in. */
  async create(p: Principal, id: string, req: z.output<typeof CreateNoteRequest>): Promise<NoteView> {
    const { row } = await this.evaluations.openFor(p, id, "note.create");
    const doc = JSON.parse(row.document) as unknown;
    if (req.path.length === 0 || getAt(doc, req.path) === undefined)
      throw invalid("note-path", { path: pathText(req.path) }, [field("path", "field/no-such-path")]);
    // The deepest indicator whose path the note's path starts with.
    const node = this.evaluations
      .scoredRow(row)
      ?.result.all.filter((n) => n.path.length <= req.path.length && n.path.every((seg, i) => req.path[i] === seg))
      .sort((a, b) => b.path.length - a.path.length)[0];
    const repo = new NoteRepository(this.store.db);
    if ((await repo.count(id)) >= NOTES_PER_EVALUATION) throw conflict("too-many-notes", { limit: NOTES_PER_EVALUATION });
    const now = this.s.clock().toISOString();
    const noteId = this.s.ids();
    await this.store.db.transaction().execute(async (tx) => {
      await new NoteRepository(tx).insert({
        id: noteId,
        evaluation_id: id,
        path: JSON.stringify(req.path),
        node_id: node?.id ?? null,
        text: req.text,
        status: "open",
        author_id: p.id,
        created_at: now,
        resolved_by: null,
        resolved_at: null,
        resolution: null,
      });
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: "note.create",
          entity: "evaluation",
          entityId: id,
          path: `notes.${noteId}`,
          oldValue: null,
          newValue: JSON.stringify({ path: req.path, text: req.text }),
          reason: null,
        },
      ]);
    });
    return view((await repo.get(id, noteId))!);
  }

  /** Resolve (with an optional note on how) or reopen. */
  async update(p: Principal, id: string, noteId: string, req: z.output<typeof UpdateNoteRequest>): Promise<NoteView> {
    await this.evaluations.openFor(p, id, "note.resolve");
    const repo = new NoteRepository(this.store.db);
    const note = await repo.get(id, noteId);
    if (!note) throw notFound("thing/note");
    if (note.status === req.status) return view(note);
    const now = this.s.clock().toISOString();
    const resolved = req.status === "resolved";
    await this.store.db.transaction().execute(async (tx) => {
      await new NoteRepository(tx).update(id, noteId, {
        status: req.status,
        resolved_by: resolved ? p.id : null,
        resolved_at: resolved ? now : null,
        resolution: resolved ? req.resolution?.trim() || null : null,
      });
      await this.s.audit.append(tx, [
        {
          at: now,
          userId: p.id,
          action: resolved ? "note.resolve" : "note.reopen",
          entity: "evaluation",
          entityId: id,
          path: `notes.${noteId}`,
          oldValue: JSON.stringify(note.status),
          newValue: JSON.stringify(req.status),
          reason: req.resolution?.trim() || null,
        },
      ]);
    });
    return view((await repo.get(id, noteId))!);
  }
}
