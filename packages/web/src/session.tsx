/** Who is logged in, what they may do, and the API client they use. */
import type { SessionView } from "@jixiao/api";
import { createContext, useContext } from "react";
import type { Api } from "./api.js";

export interface SessionState {
  api: Api;
  session: SessionView;
  /** The role may do `action` in general (the server still decides per evaluation). */
  may: (action: string) => boolean;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a session");
  return s;
}
