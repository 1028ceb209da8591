/**
 * A small History-API router: four kinds of page need no routing library. Navigation asks the
 * current guard first (the workspace registers one while it has unsaved changes).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

export interface Router {
  path: string;
  search: URLSearchParams;
  navigate: (to: string, opts?: { replace?: boolean }) => void;
  /** Register a guard: returns false to stay. Returns the unregister function. */
  guard: (g: () => boolean) => () => void;
}

const RouterContext = createContext<Router | null>(null);

export function useRouter(): Router {
  const r = useContext(RouterContext);
  if (!r) throw new Error("useRouter outside RouterProvider");
  return r;
}

export function RouterProvider({ children }: { children: React.ReactNode }) {
  const [loc, setLoc] = useState(() => ({ path: window.location.pathname, search: window.location.search }));
  const guards = useRef(new Set<() => boolean>());
  useEffect(() => {
    const onPop = () => setLoc({ path: window.location.pathname, search: window.location.search });
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback((to: string, opts: { replace?: boolean } = {}) => {
    for (const g of guards.current) if (!g()) return;
    if (opts.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
    const u = new URL(to, window.location.href);
    setLoc({ path: u.pathname, search: u.search });
  }, []);
  const guard = useCallback((g: () => boolean) => {
    guards.current.add(g);
    return () => {
      guards.current.delete(g);
    };
  }, []);
  const value = useMemo<Router>(
    () => ({ path: loc.path, search: new URLSearchParams(loc.search), navigate, guard }),
    [loc, navigate, guard],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** An anchor that navigates inside the app (keeps middle-click / open in new tab working). */
export function Link({
  to,
  children,
  ...rest
}: { to: string; children: React.ReactNode } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  const { navigate } = useRouter();
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
