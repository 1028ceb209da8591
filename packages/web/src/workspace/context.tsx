/** What every workspace tab shares: the draft document, its live score, and how to change it. */
import { createContext, useContext } from "react";
import type { Doc, Evaluated, Path, Scored } from "./document.js";

export interface WorkspaceState {
  id: string;
  draft: Doc;
  evaluated: Evaluated;
  /** The last version of the draft that scored (kept while the draft is invalid). */
  scored: Scored | null;
  editable: boolean;
  /** Set one field (undefined removes it). */
  set: (path: Path, value: unknown) => void;
  /** Replace the whole draft (structural edits: add, move, delete). */
  update: (f: (d: Doc) => Doc) => void;
  /** Go to the field at `path` (switching tabs as needed). */
  goTo: (path: Path) => void;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error("useWorkspace outside a workspace");
  return w;
}
