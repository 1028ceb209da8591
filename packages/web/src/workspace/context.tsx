/**
 * What the workspace tabs share, in two contexts so that typing stays cheap: the actions
 * (stable across keystrokes: set a field, restructure, go to a field) and the data (the draft
 * and its live score, new on every keystroke). Inputs that get their value as a prop use only
 * the actions, so a keystroke re-renders only the cells whose values changed.
 */
import type { EvaluationDetail } from "@jixiao/api";
import { createContext, useContext } from "react";
import type { Doc, Evaluated, Path, Scored } from "./document.js";
import type { Filler } from "./placeholders.js";

export interface WorkspaceActions {
  id: string;
  /** May change the whole document (structure, names, weights, rules, texts)? */
  editable: boolean;
  /** May change the value at this path? (All of them when `editable`; an expert's scoring fields.) */
  mayEdit: (path: Path) => boolean;
  /** May save at all (`editable`, or an expert with assigned indicators). */
  canSave: boolean;
  /** Set one field (undefined removes it). */
  set: (path: Path, value: unknown) => void;
  /** Replace the whole draft (structural edits: add, move, delete). */
  update: (f: (d: Doc) => Doc) => void;
  /** Go to the field at `path` (switching tabs as needed). */
  goTo: (path: Path) => void;
  /** The evaluation as the server last sent it (version, status, access). */
  detail: EvaluationDetail;
  /** Read the evaluation again (after a write outside the draft: a panel decision). */
  reload: () => void;
}

export interface WorkspaceData {
  draft: Doc;
  evaluated: Evaluated;
  /** The last version of the draft that scored (kept while the draft is invalid). */
  scored: Scored | null;
  /**
   * What narrative placeholders read (the model, its scores, the report's table numbers), for
   * the last draft that scored; built on first use, so tabs without texts never pay for it.
   * Null until @jixiao/reports/pure has loaded (the first call starts loading it).
   */
  placeholders: () => Filler | null;
}

export type WorkspaceState = WorkspaceActions & WorkspaceData;

export const WorkspaceActionsContext = createContext<WorkspaceActions | null>(null);
export const WorkspaceDataContext = createContext<WorkspaceData | null>(null);

export function useWorkspaceActions(): WorkspaceActions {
  const w = useContext(WorkspaceActionsContext);
  if (!w) throw new Error("useWorkspaceActions outside a workspace");
  return w;
}

export function useWorkspace(): WorkspaceState {
  const a = useWorkspaceActions();
  const d = useContext(WorkspaceDataContext);
  if (!d) throw new Error("useWorkspace outside a workspace");
  return { ...a, ...d };
}

/** Window event asking a tab to bring the field at `detail` (a Path) into view. */
export const REVEAL_EVENT = "jixiao:reveal";
