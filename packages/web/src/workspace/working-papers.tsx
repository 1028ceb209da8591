/**
 * 底稿 — the working papers beside the document, in the indicator grid and its details drawer:
 * 专家评议 (assign experts, each expert's own blind score, the result with its spread flagged,
 * adopt or override), 佐证材料 (attach, download, remove; the .zip package) and 批注 (notes on the
 * indicator or one of its figures, resolved or reopened). What a user may do is the server's
 * answer (policy.ts): a list the user may not read is absent, a write refused shows the reason.
 */
import { DeleteOutlined, MessageOutlined, PaperClipOutlined, UploadOutlined, WarningOutlined } from "@ant-design/icons";
import {
  API_PREFIX,
  EVIDENCE_ACCEPT,
  EVIDENCE_LIMITS,
  type EvidenceListView,
  type ExpertView,
  type NoteView,
  type PanelNodeView,
  type PanelView,
  endpointUrl,
} from "@jixiao/api";
import { App as AntApp, Button, Divider, Input, InputNumber, List, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { ApiFailure } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { useWorkspace, useWorkspaceActions } from "./context.js";
import type { Path } from "./document.js";

interface Papers {
  /** Null: not for this user (or not loaded yet). */
  panel: PanelView | null;
  evidence: EvidenceListView | null;
  notes: NoteView[] | null;
  experts: ExpertView[] | null;
  reload: () => void;
}

const PapersContext = createContext<Papers | null>(null);

/** A read the user may not make is simply absent (403/404); anything else is an error worth showing. */
async function maybe<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiFailure && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

/** Loads the panel, the evidence list and the notes of the evaluation once, and again on `reload` or a new version. */
export function WorkingPapersProvider({ children }: { children: React.ReactNode }) {
  const { id, detail } = useWorkspaceActions();
  const { api } = useSession();
  const [state, setState] = useState<Omit<Papers, "reload">>({ panel: null, evidence: null, notes: null, experts: null });
  const [tick, setTick] = useState(0);
  const manage = detail.access.update;
  useEffect(() => {
    let live = true;
    void Promise.all([
      maybe(api.call("panel.get", { params: { id } })),
      maybe(api.call("evidence.list", { params: { id } })),
      maybe(api.call("notes.list", { params: { id } })),
      manage ? maybe(api.call("panel.experts", { params: { id } })) : Promise.resolve(null),
    ]).then(([panel, evidence, notes, experts]) => {
      if (live) setState({ panel, evidence, notes, experts });
    });
    return () => {
      live = false;
    };
  }, [api, id, tick, detail.version, manage]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const value = useMemo(() => ({ ...state, reload }), [state, reload]);
  return <PapersContext.Provider value={value}>{children}</PapersContext.Provider>;
}

function usePapers(): Papers {
  const p = useContext(PapersContext);
  if (!p) throw new Error("usePapers outside WorkingPapersProvider");
  return p;
}

/** The grid's counts for one indicator: files attached and notes open. */
export function PaperCounts({ nodeId }: { nodeId: string | undefined }) {
  const { evidence, notes, panel } = usePapers();
  const { t } = useI18n();
  if (!nodeId) return null;
  const files = evidence?.files.filter((f) => f.nodeId === nodeId).length ?? 0;
  const open = notes?.filter((n) => n.nodeId === nodeId && n.status === "open").length ?? 0;
  const flagged = panel?.nodes.find((n) => n.nodeId === nodeId)?.flagged ?? false;
  return (
    <Space size={2} style={{ whiteSpace: "nowrap" }} data-testid={`papers-${nodeId}`}>
      {files > 0 && (
        <Tag
          icon={<PaperClipOutlined />}
          title={t("papersFiles", { n: files })}
          data-testid={`files-${nodeId}`}
          style={{ marginInlineEnd: 0 }}
        >
          {files}
        </Tag>
      )}
      {open > 0 && (
        <Tag
          color="orange"
          icon={<MessageOutlined />}
          title={t("papersNotes", { n: open })}
          data-testid={`notes-${nodeId}`}
          style={{ marginInlineEnd: 0 }}
        >
          {open}
        </Tag>
      )}
      {flagged && (
        <Tag
          color="red"
          icon={<WarningOutlined />}
          title={t("panelFlagged")}
          data-testid={`flag-${nodeId}`}
          style={{ marginInlineEnd: 0 }}
        />
      )}
    </Space>
  );
}

/** The link to the .zip working-paper package (shown when the user may read the evidence). */
export function PackageLink() {
  const { evidence } = usePapers();
  const { id } = useWorkspaceActions();
  const { t } = useI18n();
  if (!evidence) return null;
  return (
    <Typography.Link href={endpointUrl(API_PREFIX, "evidence.package", { id })} data-testid="papers-package">
      <PaperClipOutlined /> {t("papersPackage")}
    </Typography.Link>
  );
}

/** The node's panel, evidence and notes, in the details drawer. */
export function NodePapers({ path, nodeId, leaf }: { path: Path; nodeId: string; leaf: boolean }) {
  const { panel, evidence, notes } = usePapers();
  const { detail } = useWorkspaceActions();
  const assigned = detail.access.assignedNodes.includes(nodeId);
  const node = panel?.nodes.find((n) => n.nodeId === nodeId);
  return (
    <div data-testid="node-papers">
      {leaf && (panel !== null || assigned) && (detail.access.update || node || assigned) && <PanelSection nodeId={nodeId} node={node} />}
      {evidence && <EvidenceSection nodeId={nodeId} evidence={evidence} />}
      {notes && <NotesSection path={path} nodeId={nodeId} notes={notes} />}
    </div>
  );
}

function useFailure() {
  const { message } = AntApp.useApp();
  const { pick } = useI18n();
  return (err: unknown) => void message.error(err instanceof ApiFailure ? pick(err.text) : String(err));
}

function PanelSection({ nodeId, node }: { nodeId: string; node: PanelNodeView | undefined }) {
  const { panel, experts, reload } = usePapers();
  const { id, detail, reload: reloadEvaluation } = useWorkspaceActions();
  const { draft } = useWorkspace();
  const { api, session } = useSession();
  const { t } = useI18n();
  const fail = useFailure();
  const manage = detail.access.update;
  const [busy, setBusy] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const [overrideScore, setOverrideScore] = useState<number | null>(null);
  const [overrideReason, setOverrideReason] = useState("");
  const me = node?.entries.find((e) => e.userId === session.user.id);
  const [myScore, setMyScore] = useState<number | null>(me?.score !== undefined ? Number(me.score) : null);
  const [myComment, setMyComment] = useState(me?.comment ?? "");
  const dirty = draft !== detail.document;
  const assignedHere = node?.entries.map((e) => e.userId) ?? [];

  /** Each expert's nodes across the panel, with this node added or removed. */
  const assign = async (chosen: string[]) => {
    setBusy(true);
    try {
      const changed = new Set([...chosen.filter((u) => !assignedHere.includes(u)), ...assignedHere.filter((u) => !chosen.includes(u))]);
      for (const userId of changed) {
        const theirs = (panel?.nodes ?? []).filter((n) => n.entries.some((e) => e.userId === userId)).map((n) => n.nodeId);
        const nodeIds = chosen.includes(userId) ? [...new Set([...theirs, nodeId])] : theirs.filter((n) => n !== nodeId);
        await api.call("evaluations.assignExpert", { params: { id, userId }, body: { nodeIds } });
      }
      reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const score = async (submit: boolean) => {
    if (myScore === null) return;
    setBusy(true);
    try {
      await api.call("panel.score", { params: { id, node: nodeId }, body: { score: myScore, comment: myComment, submit } });
      reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const decide = async (kind: "adopt" | "override") => {
    setBusy(true);
    try {
      await api.call("panel.decide", {
        params: { id, node: nodeId },
        body:
          kind === "adopt"
            ? { version: detail.version, kind }
            : { version: detail.version, kind, score: overrideScore ?? undefined, reason: overrideReason },
      });
      setOverriding(false);
      reloadEvaluation();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const status = (s: "pending" | "draft" | "submitted") =>
    s === "submitted" ? (
      <Tag color="green">{t("panelSubmitted")}</Tag>
    ) : s === "draft" ? (
      <Tag>{t("panelDraft")}</Tag>
    ) : (
      <Tag>{t("panelPending")}</Tag>
    );
  const decision = node?.decision;
  return (
    <section data-testid="panel-section">
      <Divider titlePlacement="start" plain>
        {t("panelTitle")}
      </Divider>
      {manage && experts && (
        <Space direction="vertical" style={{ width: "100%", marginBottom: 8 }}>
          <Typography.Text type="secondary">{t("panelAssignHint")}</Typography.Text>
          <Select
            mode="multiple"
            style={{ width: "100%" }}
            aria-label={t("panelAssign")}
            data-testid="panel-assign"
            placeholder={t("panelAssign")}
            value={assignedHere}
            loading={busy}
            options={experts.map((e) => ({ value: e.id, label: e.displayName }))}
            onChange={(v: string[]) => void assign(v)}
          />
        </Space>
      )}
      {node && node.entries.length > 0 && (
        <List
          size="small"
          dataSource={node.entries}
          data-testid="panel-entries"
          renderItem={(e) => (
            <List.Item data-testid={`panel-entry-${e.expert}`}>
              <Space wrap>
                <b>{e.expert}</b>
                {status(e.status)}
                {e.score !== undefined ? <span data-testid="panel-entry-score">{e.score}</span> : e.hidden && <i>{t("panelHidden")}</i>}
                {e.comment && <Typography.Text type="secondary">{e.comment}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {node && node.result !== null && (
        <Space wrap style={{ margin: "8px 0" }} data-testid="panel-result">
          <span>
            {t("panelResult")}（{t(`method_${node.method}`)}）：<b data-testid="panel-result-score">{node.result}</b> / {node.points}
          </span>
          {node.spread !== null && (
            <Typography.Text type="secondary">{t("panelSpread", { spread: node.spread, margin: node.margin })}</Typography.Text>
          )}
          {node.flagged && (
            <Tag color="red" data-testid="panel-flagged">
              {t("panelFlagged")}
            </Tag>
          )}
        </Space>
      )}
      {decision && (
        <div data-testid="panel-decision">
          <Tag color={decision.kind === "adopted" ? "green" : "orange"}>
            {decision.kind === "adopted"
              ? t("panelAdopted", { score: decision.score, by: decision.by ?? "", at: decision.at.slice(0, 10) })
              : t("panelOverridden", {
                  panel: decision.panelScore || "—",
                  score: decision.score,
                  by: decision.by ?? "",
                  at: decision.at.slice(0, 10),
                  reason: decision.reason ?? "",
                })}
          </Tag>
        </div>
      )}
      {manage && node && node.entries.length > 0 && (
        <Space direction="vertical" style={{ width: "100%", marginTop: 8 }}>
          {dirty && <Typography.Text type="warning">{t("panelSaveFirst")}</Typography.Text>}
          <Space>
            <Button
              type="primary"
              size="small"
              disabled={dirty || node.submitted < node.entries.length}
              loading={busy}
              onClick={() => void decide("adopt")}
              data-testid="panel-adopt"
            >
              {t("panelAdopt")}
            </Button>
            <Button size="small" disabled={dirty} onClick={() => setOverriding((o) => !o)} data-testid="panel-override">
              {t("panelOverride")}
            </Button>
          </Space>
          {overriding && (
            <Space wrap>
              <InputNumber
                size="small"
                min={0}
                max={Number(node.points)}
                step={0.5}
                aria-label={t("panelOverrideScore")}
                placeholder={t("panelOverrideScore")}
                value={overrideScore}
                onChange={(v) => setOverrideScore(v)}
              />
              <Input
                size="small"
                style={{ width: 240 }}
                maxLength={500}
                aria-label={t("panelOverrideReason")}
                placeholder={t("panelOverrideReason")}
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.target.value)}
              />
              <Button
                size="small"
                disabled={overrideScore === null || !overrideReason.trim()}
                loading={busy}
                onClick={() => void decide("override")}
              >
                {t("panelOverride")}
              </Button>
            </Space>
          )}
        </Space>
      )}
      {detail.access.scoreAssigned && detail.access.assignedNodes.includes(nodeId) && me?.status !== "submitted" && (
        <Space direction="vertical" style={{ width: "100%", marginTop: 8 }} data-testid="panel-my-score">
          <Space>
            <span>{t("panelMyScore")}</span>
            <InputNumber
              min={0}
              max={node ? Number(node.points) : undefined}
              step={0.5}
              aria-label={t("panelMyScore")}
              value={myScore}
              onChange={(v) => setMyScore(v)}
              data-testid="panel-my-score-input"
            />
            {node && <Typography.Text type="secondary">/ {node.points}</Typography.Text>}
          </Space>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            aria-label={t("panelComment")}
            placeholder={t("panelComment")}
            value={myComment}
            onChange={(e) => setMyComment(e.target.value)}
          />
          <Space>
            <Button size="small" disabled={myScore === null} loading={busy} onClick={() => void score(false)}>
              {t("panelSave")}
            </Button>
            <Popconfirm
              title={t("panelSubmitConfirm")}
              onConfirm={() => void score(true)}
              okText={t("panelSubmit")}
              cancelText={t("cancel")}
            >
              <Button size="small" type="primary" disabled={myScore === null} loading={busy} data-testid="panel-submit">
                {t("panelSubmit")}
              </Button>
            </Popconfirm>
          </Space>
        </Space>
      )}
    </section>
  );
}

function EvidenceSection({ nodeId, evidence }: { nodeId: string; evidence: EvidenceListView }) {
  const { reload } = usePapers();
  const { id, detail } = useWorkspaceActions();
  const { api } = useSession();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const fail = useFailure();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const files = evidence.files.filter((f) => f.nodeId === nodeId);
  const mayUpload = detail.access.update;
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      form.append("file", file);
      const saved = await api.call("evidence.upload", { params: { id }, query: { node: nodeId }, body: form });
      void message.success(t("evidenceUploaded", { name: saved.filename }));
      reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  const remove = async (fileId: string) => {
    try {
      await api.call("evidence.remove", { params: { id, fileId } });
      reload();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section data-testid="evidence-section">
      <Divider titlePlacement="start" plain>
        {t("evidenceTitle")}
      </Divider>
      {files.length === 0 ? (
        <Typography.Text type="secondary">{t("evidenceNone")}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={files}
          renderItem={(f) => (
            <List.Item
              data-testid="evidence-file"
              actions={
                mayUpload
                  ? [
                      <Popconfirm
                        key="rm"
                        title={t("remove")}
                        onConfirm={() => void remove(f.id)}
                        okText={t("remove")}
                        cancelText={t("cancel")}
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t("remove")} ${f.filename}`} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0}>
                <Typography.Link href={endpointUrl(API_PREFIX, "evidence.download", { id, fileId: f.id })}>{f.filename}</Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {(f.size / 1024).toFixed(1)} KB · {f.uploadedBy ?? ""} · {f.uploadedAt.slice(0, 16).replace("T", " ")} · sha256{" "}
                  {f.sha256.slice(0, 12)}…
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {mayUpload && (
        <div style={{ marginTop: 8 }}>
          <input
            ref={input}
            type="file"
            accept={EVIDENCE_ACCEPT.join(",")}
            style={{ display: "none" }}
            data-testid="evidence-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
          <Space>
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={busy}
              onClick={() => input.current?.click()}
              data-testid="evidence-upload"
            >
              {t("evidenceUpload")}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("evidenceHint", { mb: EVIDENCE_LIMITS.fileBytes / 1024 / 1024 })}
            </Typography.Text>
          </Space>
        </div>
      )}
    </section>
  );
}

/** The fields of an indicator a note may point at (those it has). */
const NOTE_FIELDS = ["actual", "target", "score", "weight", "reason"] as const;

function NotesSection({ path, nodeId, notes }: { path: Path; nodeId: string; notes: NoteView[] }) {
  const { reload } = usePapers();
  const { id, detail } = useWorkspaceActions();
  const { draft } = useWorkspace();
  const { api } = useSession();
  const { t } = useI18n();
  const fail = useFailure();
  const [text, setText] = useState("");
  const [on, setOn] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const mine = notes.filter((n) => n.nodeId === nodeId);
  const node = (path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], draft) ?? {}) as Record<
    string,
    unknown
  >;
  const fields = NOTE_FIELDS.filter((f) => node[f] !== undefined);
  const closed = detail.status === "published" || detail.status === "archived";
  const add = async () => {
    setBusy(true);
    try {
      await api.call("notes.create", { params: { id }, body: { path: on ? [...path, on] : [...path], text: text.trim() } });
      setText("");
      reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (n: NoteView) => {
    try {
      await api.call("notes.update", { params: { id, noteId: n.id }, body: { status: n.status === "open" ? "resolved" : "open" } });
      reload();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section data-testid="notes-section">
      <Divider titlePlacement="start" plain>
        {t("notesTitle")}
      </Divider>
      {mine.length === 0 ? (
        <Typography.Text type="secondary">{t("notesNone")}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={mine}
          renderItem={(n) => (
            <List.Item
              data-testid="note"
              actions={
                closed || detail.access.assignedNodes.length > 0
                  ? []
                  : [
                      <Button key="t" size="small" onClick={() => void toggle(n)} data-testid="note-toggle">
                        {n.status === "open" ? t("noteResolve") : t("noteReopen")}
                      </Button>,
                    ]
              }
            >
              <Space direction="vertical" size={0}>
                <Space>
                  <Tag color={n.status === "open" ? "orange" : "green"}>{n.status === "open" ? t("noteOpen") : t("noteResolved")}</Tag>
                  <span>{n.text}</span>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.author ?? ""} · {n.createdAt.slice(0, 16).replace("T", " ")}
                  {n.path.length > path.length ? ` · ${t(n.path[path.length] as "actual")}` : ""}
                  {n.resolvedBy ? ` · ${t("noteResolved")}：${n.resolvedBy}` : ""}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {!closed && (
        <Space direction="vertical" style={{ width: "100%", marginTop: 8 }}>
          <Space>
            <span>{t("noteOn")}</span>
            <Select
              size="small"
              style={{ width: 140 }}
              aria-label={t("noteOn")}
              value={on}
              onChange={setOn}
              options={[{ value: "", label: t("noteOnIndicator") }, ...fields.map((f) => ({ value: f, label: t(f) }))]}
            />
          </Space>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            aria-label={t("noteAdd")}
            placeholder={t("noteAdd")}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="note-text"
          />
          <Button size="small" disabled={!text.trim()} loading={busy} onClick={() => void add()} data-testid="note-add">
            {t("noteAdd")}
          </Button>
        </Space>
      )}
    </section>
  );
}
