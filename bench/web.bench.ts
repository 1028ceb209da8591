/**
 * npm run bench:web — the web workspace measured in Debian's chromium (playwright-core) against
 * a real server on localhost:
 *  - re-scoring an evaluation of 200 indicators on a keystroke, in the browser (the engine's
 *    validate + score, read from the page's "jixiao:score" User Timing measures), and the time
 *    from keydown to the next frame with the new score painted;
 *  - the app's first load (cold cache): navigation to the login form rendered, and to a
 *    logged-in workspace with its total shown;
 *  - the built bundle sizes (raw and gzip).
 * Figures are printed, never asserted. Needs a built packages/web/dist (npm run build).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { EvaluationInput, IndicatorInput } from "@jixiao/engine";
import { LoginPage, WorkspacePage } from "../packages/web/test/pages/app-pages.js";
import { findChromium, launch } from "../packages/web/test/pages/browser.js";
import { WEB_DIST, startServer } from "../packages/web/test/server.js";

const KEYSTROKES = Number(process.env["BENCH_KEYS"] ?? 40);

/** 4 level-1 × 5 level-2 × 10 leaves = 200 scored indicators (224 nodes), synthetic. */
function evaluation200(): EvaluationInput {
  const indicators: IndicatorInput[] = ["决策", "过程", "产出", "效益"].map((name, a) => ({
    id: `L${a + 1}`,
    name,
    weight: 25,
    children: Array.from({ length: 5 }, (_, b) => ({
      id: `L${a + 1}.${b + 1}`,
      name: `${name}二级${b + 1}`,
      weight: 5,
      children: Array.from({ length: 10 }, (_, c) => {
        const target = 100 + (((a * 50 + b * 10 + c) * 37) % 900);
        return {
          id: `L${a + 1}.${b + 1}.${c + 1}`,
          name: `指标${a + 1}-${b + 1}-${c + 1}`,
          weight: 0.5,
          target: `≥${target}`,
          unit: "件",
          actual: Math.round(target * (0.7 + ((c * 7 + b) % 10) / 20)),
        };
      }),
    })),
  }));
  return {
    schemaVersion: 1,
    meta: {
      title: "基准测试：200 个指标（合成示例）",
      kind: "项目支出",
      fiscalYear: 2025,
      subject: "（合成示例）",
      evaluationType: "财政评价",
    },
    indicators,
  };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

const executable = findChromium();
if (!executable) {
  console.log("bench:web: chromium not found on PATH; nothing measured");
  process.exit(0);
}
const server = await startServer();
const browser = await launch(executable);
try {
  // Create the 200-indicator evaluation through the API as the finance administrator.
  const login = await fetch(`${server.url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: server.passwords["admin"] }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { organisationId: string } };
  const orgs = (await (await fetch(`${server.url}/api/v1/organisations`, { headers: { cookie } })).json()) as Array<{
    id: string;
    kind: string;
  }>;
  const dept = orgs.find((o) => o.kind === "department")?.id ?? user.organisationId;
  const created = await fetch(`${server.url}/api/v1/evaluations`, {
    method: "POST",
    headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
    body: JSON.stringify({ organisationId: dept, document: evaluation200() }),
  });
  const { id } = (await created.json()) as { id: string };

  // First load, cold cache: the login form rendered.
  const cold = await browser.context();
  const p0 = await cold.newPage();
  const t0 = Date.now();
  await p0.goto(server.url + "/");
  await p0.getByLabel("用户名").waitFor();
  const loginShown = Date.now() - t0;
  const nav = await p0.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      domContentLoaded: n.domContentLoadedEventEnd,
      load: n.loadEventEnd,
      fcp: paint?.startTime ?? NaN,
      transferred: performance
        .getEntriesByType("resource")
        .reduce((a, r) => a + (r as PerformanceResourceTiming).transferSize, n.transferSize),
    };
  });
  await new LoginPage(p0, server.url).logIn("admin", server.passwords["admin"]!);
  await cold.close();

  // A logged-in session opening the workspace of the 200-indicator evaluation.
  const ctx = await browser.context({ width: 1920, height: 1080 });
  const page = await ctx.newPage();
  await new LoginPage(page, server.url).open("/");
  await new LoginPage(page, server.url).logIn("admin", server.passwords["admin"]!);
  const ws = new WorkspacePage(page, server.url);
  const t1 = Date.now();
  await ws.open(id, "scoring");
  await ws.waitLoaded();
  await page.getByLabel("实际值 指标1-1-1", { exact: true }).waitFor();
  const workspaceShown = Date.now() - t1;

  // Keystrokes into one leaf's actual value.
  const field = page.getByLabel("实际值 指标1-1-1", { exact: true });
  await field.click();
  await field.press("End");
  await page.evaluate(() => {
    performance.clearMeasures("jixiao:score");
    const w = window as unknown as { __latency: number[]; __dom: number[]; __t: number };
    w.__latency = [];
    w.__dom = [];
    document.addEventListener(
      "keydown",
      () => {
        const t = performance.now();
        w.__t = t;
        requestAnimationFrame(() => setTimeout(() => w.__latency.push(performance.now() - t), 0));
      },
      true,
    );
    // The moment the new total is in the DOM (before the browser paints it).
    let last = document.querySelector('[data-testid="total"]')?.textContent;
    new MutationObserver(() => {
      const now = document.querySelector('[data-testid="total"]')?.textContent;
      if (now !== last) {
        last = now;
        w.__dom.push(performance.now() - w.__t);
      }
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });
  const totals = new Set<string>();
  for (let i = 0; i < KEYSTROKES; i++) {
    // One keystroke at a time, as a person types: the next key after the new total is shown.
    const previous = await ws.total();
    await page.keyboard.press(i % 2 === 0 ? "Digit7" : "Backspace");
    await page.waitForFunction((p) => document.querySelector('[data-testid="total"]')?.textContent !== p, previous);
    totals.add(await ws.total());
  }
  await page.waitForTimeout(200);
  const { score, latency, dom } = await page.evaluate(() => ({
    score: performance.getEntriesByName("jixiao:score").map((e) => e.duration),
    latency: (window as unknown as { __latency: number[] }).__latency,
    dom: (window as unknown as { __dom: number[] }).__dom,
  }));
  await ctx.close();

  // Bundle sizes.
  const dir = new URL("assets/", WEB_DIST).pathname;
  const all = readdirSync(dir);
  const files = all
    .filter((f) => !f.endsWith(".br") && !f.endsWith(".gz"))
    .map((f) => {
      const buf = readFileSync(join(dir, f));
      return {
        f,
        raw: statSync(join(dir, f)).size,
        gz: gzipSync(buf).length,
        br: all.includes(`${f}.br`) ? statSync(join(dir, `${f}.br`)).size : buf.length,
      };
    });

  console.log("bench:web — Jixiao web workspace in chromium, localhost");
  console.log(
    `  evaluation: 200 scored indicators (224 nodes); ${KEYSTROKES} keystrokes into one actual value; totals seen: ${[...totals].join(", ")}`,
  );
  console.log(
    `  re-score in the browser (validate + score, per keystroke): median ${ms(quantile(score, 0.5))}, p95 ${ms(quantile(score, 0.95))}, max ${ms(Math.max(...score))}  (aim < 16 ms; n=${score.length})`,
  );
  console.log(
    `  keydown → new total in the DOM (React render + commit, before paint): median ${ms(quantile(dom, 0.5))}, p95 ${ms(quantile(dom, 0.95))}  (n=${dom.length})`,
  );
  console.log(
    `  keydown → next frame with the new score: median ${ms(quantile(latency, 0.5))}, p95 ${ms(quantile(latency, 0.95))}  (n=${latency.length})`,
  );
  console.log(
    `  first load, cold cache: login form rendered in ${loginShown} ms (DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms, first contentful paint ${nav.fcp.toFixed(0)} ms, ${(nav.transferred / 1024).toFixed(0)} KiB transferred)  (aim < 1 s)`,
  );
  console.log(`  workspace of the 200-indicator evaluation shown in ${workspaceShown} ms (logged in, from navigation to the tree table)`);
  console.log("  bundle (packages/web/dist/assets):");
  for (const x of files.sort((a, b) => b.raw - a.raw))
    console.log(
      `    ${x.f.padEnd(36)} ${(x.raw / 1024).toFixed(1).padStart(8)} KiB   gzip ${(x.gz / 1024).toFixed(1).padStart(7)} KiB   brotli (as served) ${(x.br / 1024).toFixed(1).padStart(7)} KiB`,
    );
  const sum = files.reduce((a, x) => ({ raw: a.raw + x.raw, gz: a.gz + x.gz, br: a.br + x.br }), { raw: 0, gz: 0, br: 0 });
  console.log(
    `    ${"total".padEnd(36)} ${(sum.raw / 1024).toFixed(1).padStart(8)} KiB   gzip ${(sum.gz / 1024).toFixed(1).padStart(7)} KiB   brotli (as served) ${(sum.br / 1024).toFixed(1).padStart(7)} KiB`,
  );
} finally {
  await browser.close();
  await server.close();
}
