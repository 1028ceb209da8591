// Vite builds the SPA into dist/, which the server serves at "/". Workspace packages resolve
// through the "jixiao-src" export condition, so the engine's TypeScript source is bundled
// (the same code that scores on the server scores live in the browser).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { type Plugin, defaultClientConditions, defineConfig } from "vite";

/** Write .br and .gz beside every text asset: the server sends them as they are (preCompressed). */
function precompress(): Plugin {
  return {
    name: "jixiao-precompress",
    apply: "build",
    writeBundle(options) {
      const out = options.dir ?? "dist";
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(out).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: { conditions: ["jixiao-src", ...defaultClientConditions] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        // ECharts in its own chunk, loaded with the first chart (the login page never needs it).
        // Its SVG renderer is used only by @jixiao/reports (charts in a .docx): it stays with that
        // on-demand chunk instead of weighing on every chart.
        manualChunks(id: string) {
          if (/node_modules[\\/](zrender[\\/]lib[\\/]svg|echarts[\\/]lib[\\/]renderer[\\/]installSVGRenderer)/.test(id)) return undefined;
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          return undefined;
        },
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
