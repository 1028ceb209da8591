/**
 * The shell: language (zh-CN by default), session (GET /session on load, the login page when
 * there is none), the layout with its menu and "who am I", and the pages.
 */
import {
  AimOutlined,
  AlertOutlined,
  DashboardOutlined,
  GlobalOutlined,
  LogoutOutlined,
  TableOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { ROLE_LABELS, type SessionView } from "@jixiao/api";
import {
  App as AntApp,
  Button,
  ConfigProvider,
  type ConfigProviderProps,
  Descriptions,
  Layout,
  Menu,
  Popover,
  Space,
  Spin,
  Tag,
  Typography,
} from "antd";
import * as enModule from "antd/es/locale/en_US.js";
import * as zhModule from "antd/es/locale/zh_CN.js";
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from "react";
import { Api, ApiFailure } from "./api.js";
import { I18nContext, type Lang, PERMISSION_LABELS, makeI18n, useI18n } from "./i18n.js";
import { LoginPage } from "./pages/login.js";
import { Link, RouterProvider, useRouter } from "./router.js";
import { SessionContext, type SessionState, useSession } from "./session.js";

const LANG_KEY = "jixiao.lang";

// Pages load on demand: the login page needs neither the charts nor the workspace.
const DashboardPage = lazy(() => import("./pages/dashboard.js").then((m) => ({ default: m.DashboardPage })));
const EvaluationListPage = lazy(() => import("./pages/evaluation-list.js").then((m) => ({ default: m.EvaluationListPage })));
const WorkspacePage = lazy(() => import("./workspace/workspace.js").then((m) => ({ default: m.WorkspacePage })));
const PublicListPage = lazy(() => import("./pages/public.js").then((m) => ({ default: m.PublicListPage })));
const PublicEvaluationPage = lazy(() => import("./pages/public.js").then((m) => ({ default: m.PublicEvaluationPage })));
// 目标申报 and 运行监控 (issue 15): their own chunks, like the workspace.
const FilingListPage = lazy(() => import("./targets/filing-list.js").then((m) => ({ default: m.FilingListPage })));
const FilingPage = lazy(() => import("./targets/filing-page.js").then((m) => ({ default: m.FilingPage })));
const MonitoringPage = lazy(() => import("./targets/monitoring-page.js").then((m) => ({ default: m.MonitoringPage })));

/** 绩效公开: /public and /public/:id, for a visitor account and for the public without one. */
function publicPage(api: Api, path: string): React.ReactNode {
  const m = /^\/public\/([^/]+)/.exec(path);
  return m ? <PublicEvaluationPage key={m[1]} api={api} id={decodeURIComponent(m[1]!)} /> : <PublicListPage api={api} />;
}

type Locale = NonNullable<ConfigProviderProps["locale"]>;
/** antd's locale modules are CommonJS-typed: take the default export however it arrives. */
function localeOf(m: unknown): Locale {
  let x = m as { default?: unknown; locale?: unknown };
  while (x && typeof x === "object" && x.locale === undefined && x.default !== undefined) x = x.default as typeof x;
  return x as Locale;
}
const zhCN = localeOf(zhModule);
const enUS = localeOf(enModule);

export function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh"));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
    setLangState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider
        locale={lang === "zh" ? zhCN : enUS}
        theme={{
          token: {
            colorPrimary: "#b71c1c",
            borderRadius: 4,
            fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif",
          },
        }}
      >
        <AntApp>
          <RouterProvider>
            <Root />
          </RouterProvider>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

function Root() {
  const api = useMemo(() => new Api(), []);
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const { t } = useI18n();
  const router = useRouter();
  useEffect(() => {
    api.session().then(setSession, (err: unknown) => {
      if (err instanceof ApiFailure && err.status === 401) setSession(null);
      else setSession(null);
    });
  }, [api]);
  const state = useMemo<SessionState | null>(
    () =>
      session
        ? {
            api,
            session,
            may: (a) => session.permissions.includes(a),
            logout: async () => {
              await api.logout().catch(() => {});
              api.csrf = "";
              setSession(null);
              router.navigate("/login", { replace: true });
            },
          }
        : null,
    [api, session, router],
  );
  if (session === undefined) {
    return (
      <div style={{ display: "grid", placeItems: "center", height: "100vh" }}>
        <Spin tip={t("loading")}>
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  }
  if (!state && router.path.startsWith("/public")) return <PublicShell api={api} />;
  if (!state) {
    return (
      <LoginPage
        onLogin={async (u, p) => {
          const s = await api.login({ username: u, password: p });
          setSession(s);
          const back = router.search.get("next");
          router.navigate(
            back && back.startsWith("/") && !back.startsWith("//")
              ? back
              : router.path === "/login"
                ? "/"
                : router.path + window.location.search,
            { replace: true },
          );
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={state}>
      <Shell />
    </SessionContext.Provider>
  );
}

function WhoAmI() {
  const { session, logout } = useSession();
  const { t, pick, lang, setLang } = useI18n();
  const role = ROLE_LABELS[session.user.role];
  const card = (
    <Descriptions column={1} size="small" style={{ maxWidth: 360 }} data-testid="whoami-card">
      <Descriptions.Item label={t("username")}>{session.user.username}</Descriptions.Item>
      <Descriptions.Item label={t("role")}>{pick(role)}</Descriptions.Item>
      <Descriptions.Item label={t("mayDo")}>
        <Space size={[4, 4]} wrap>
          {session.permissions.map((p) => (
            <Tag key={p}>{pick(PERMISSION_LABELS[p] ?? { zh: p, en: p })}</Tag>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
  return (
    <Space size="middle">
      <Button
        type="text"
        style={{ color: "#fff" }}
        onClick={() => setLang(lang === "zh" ? "en" : "zh")}
        aria-label="切换语言 / switch language"
      >
        {t("language")}
      </Button>
      <Popover content={card} title={t("me")} trigger="click" placement="bottomRight">
        <Button type="text" style={{ color: "#fff" }} icon={<UserOutlined />} data-testid="whoami">
          {session.user.displayName}
          <Tag color="gold" style={{ marginInlineStart: 8 }} data-testid="role-tag">
            {pick(role)}
          </Tag>
        </Button>
      </Popover>
      <Button type="text" style={{ color: "#fff" }} icon={<LogoutOutlined />} onClick={() => void logout()}>
        {t("logout")}
      </Button>
    </Space>
  );
}

/** The public pages for the public without an account: a header with a way to log in, no menu. */
function PublicShell({ api }: { api: Api }) {
  const { t, lang, setLang } = useI18n();
  const { path } = useRouter();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        style={{
          display: "flex",
          alignItems: "center",
          justifyContent: "space-between",
          paddingInline: 20,
          background: "#8c1c13",
          height: 52,
        }}
      >
        <Typography.Text strong style={{ color: "#fff", fontSize: 17, whiteSpace: "nowrap" }}>
          {t("appName")} · {t("publicEvaluations")}
        </Typography.Text>
        <Space>
          <Button type="text" style={{ color: "#fff" }} onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
            {t("language")}
          </Button>
          <Link to="/login" style={{ color: "#fff" }}>
            {t("publicSignIn")}
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1200, width: "100%", margin: "0 auto" }}>
        <main>
          <Suspense fallback={<Spin style={{ display: "block", marginTop: 80 }} />}>{publicPage(api, path)}</Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}

function Shell() {
  const { t } = useI18n();
  const { path } = useRouter();
  const { may, api } = useSession();
  const m = /^\/evaluations\/([^/]+)(?:\/([a-z]+))?/.exec(path);
  // A visitor has the public view only (policy: no evaluation.read): the public pages are theirs.
  const working = may("evaluation.read");
  const onPublic = path.startsWith("/public") || !working;
  const selected = onPublic
    ? "public"
    : path.startsWith("/targets")
      ? "targets"
      : path.startsWith("/monitoring")
        ? "monitoring"
        : m
          ? "evaluations"
          : path.startsWith("/evaluations")
            ? "evaluations"
            : "dashboard";
  const items = [
    ...(may("portfolio.read") ? [{ key: "dashboard", icon: <DashboardOutlined />, label: <Link to="/">{t("dashboard")}</Link> }] : []),
    ...(working ? [{ key: "evaluations", icon: <TableOutlined />, label: <Link to="/evaluations">{t("evaluations")}</Link> }] : []),
    ...(may("filing.read") ? [{ key: "targets", icon: <AimOutlined />, label: <Link to="/targets">{t("filings")}</Link> }] : []),
    ...(may("monitoring.read")
      ? [{ key: "monitoring", icon: <AlertOutlined />, label: <Link to="/monitoring">{t("monitoring")}</Link> }]
      : []),
    { key: "public", icon: <GlobalOutlined />, label: <Link to="/public">{t("publicEvaluations")}</Link> },
  ];
  let page: React.ReactNode;
  if (onPublic) page = publicPage(api, path);
  else if (path.startsWith("/targets/")) page = <FilingPage key={path} id={decodeURIComponent(path.slice("/targets/".length))} />;
  else if (path.startsWith("/targets")) page = <FilingListPage />;
  else if (path.startsWith("/monitoring")) page = <MonitoringPage sub={path.slice("/monitoring".length)} />;
  else if (m) page = <WorkspacePage key={m[1]} id={decodeURIComponent(m[1]!)} tab={m[2] ?? "overview"} />;
  else if (path.startsWith("/evaluations") || !may("portfolio.read")) page = <EvaluationListPage />;
  else page = <DashboardPage />;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header
        style={{
          display: "flex",
          alignItems: "center",
          justifyContent: "space-between",
          paddingInline: 20,
          background: "#8c1c13",
          height: 52,
          lineHeight: "52px",
        }}
      >
        <Typography.Text strong style={{ color: "#fff", fontSize: 17, whiteSpace: "nowrap" }}>
          {t("appName")}
        </Typography.Text>
        <WhoAmI />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={168} breakpoint="xl" collapsedWidth={56} theme="light" style={{ borderInlineEnd: "1px solid #f0f0f0" }}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 0 }} aria-label={t("appName")} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <main>
            <Suspense fallback={<Spin style={{ display: "block", marginTop: 80 }} />}>{page}</Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
