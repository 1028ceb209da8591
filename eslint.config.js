// Lint: zero warnings. Dependencies point one way: cli/server → (api, exchange, reports) → engine, never back;
// the engine imports no Node API, so it runs unchanged in a browser.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "data/**", "artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["packages/engine/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "os", "child_process", "http", "https", "net", "crypto", "url", "stream"],
              message: "The engine is pure: no I/O and no Node-only APIs (it runs in the browser). Pass data in instead.",
            },
            {
              group: ["@jixiao/*", "../../*"],
              message: "Dependencies point one way: cli/server/web → engine. The engine imports no other Jixiao package.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "The engine is pure: no process, environment or clock. Pass values in." },
        { name: "Buffer", message: "The engine runs in the browser: no Buffer." },
        { name: "eval", message: "Never eval: use the expression language (expression.ts)." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date']", message: "The engine knows no clock: pass dates in." },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "The engine knows no clock: pass dates in (the same input gives the same answer).",
        },
        {
          selector: "MemberExpression[object.name='performance'][property.name='now']",
          message: "The engine knows no clock: time it from outside (bench/), not inside.",
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: "The engine is deterministic: no Math.random.",
        },
        { selector: "NewExpression[callee.name='Function']", message: "Never build functions from text." },
      ],
    },
  },
  {
    // The contract (@jixiao/api) is shared by the server, the web app, the CLI and tests, and runs
    // in the browser: it imports only the engine.
    files: ["packages/api/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/*", "!@jixiao/engine", "../../*"],
              message:
                "Dependencies point one way: server/web/cli → api → engine. @jixiao/api imports only @jixiao/engine (through its public entry).",
            },
            { group: ["@jixiao/engine/*"], message: "Import the engine through its public entry, @jixiao/engine." },
            {
              group: ["node:*", "fs", "path", "os", "child_process", "http", "https", "net", "crypto", "url", "stream"],
              message: "The contract runs in the browser too: no Node modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // Nothing below the server imports it. A second rule name (the typescript-eslint twin of
    // no-restricted-imports) so it adds to each package's own list instead of replacing it.
    files: ["packages/{api,engine,web,exchange,reports}/src/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/server", "@jixiao/server/*", "**/server/src", "**/server/src/*"],
              message:
                "The server is the top of the graph: api, engine, web, exchange and reports never import it (the web app reaches it over HTTP through @jixiao/api).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/cli/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../../engine/*", "@jixiao/engine/*"], message: "Import the engine through its public entry, @jixiao/engine." },
          ],
        },
      ],
    },
  },
  {
    // Excel/CSV exchange and the auditor sit between the callers and the engine.
    files: ["packages/exchange/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/*", "!@jixiao/engine", "../../*"],
              message:
                "Dependencies point one way: cli/server → exchange → engine. @jixiao/exchange imports only @jixiao/engine (through its public entry).",
            },
            { group: ["@jixiao/engine/*"], message: "Import the engine through its public entry, @jixiao/engine." },
            { group: ["xlsx", "xlsx/*"], message: "The npm xlsx package is frozen with public advisories: use xlsx-book.ts (exceljs)." },
            { group: ["exceljs"], message: "exceljs is wrapped by xlsx-book.ts only: read and write workbooks through it." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/exchange/src/xlsx-book.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@jixiao/*", "!@jixiao/engine"], message: "@jixiao/exchange imports only @jixiao/engine." }] },
      ],
    },
  },
  {
    // The web app (React, browser code): the same TypeScript rules for .tsx, hooks rules, and
    // the dependency direction: web → (api contract, engine), never the server.
    files: ["packages/web/**/*.ts", "packages/web/**/*.tsx"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["packages/web/src/**/*.ts", "packages/web/src/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/server", "@jixiao/server/*", "../../server/*", "@jixiao/cli", "@jixiao/cli/*"],
              message:
                "Dependencies point one way: web → (@jixiao/api, @jixiao/engine). The web app talks to the server over HTTP only, through the typed contract in @jixiao/api.",
            },
            {
              group: ["@jixiao/engine/*", "@jixiao/api/*", "../../engine/*", "../../api/*"],
              message: "Import workspace packages through their public entry (@jixiao/engine, @jixiao/api).",
            },
            {
              group: ["node:*", "fs", "path", "os", "child_process", "http", "https", "net", "crypto", "stream"],
              message: "Browser code: no Node modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // Reports: model → document. Pure rendering plus one module (pdf.ts) that runs LibreOffice.
    files: ["packages/reports/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/*", "!@jixiao/engine", "../../*"],
              message:
                "Dependencies point one way: cli/server → reports → engine. @jixiao/reports imports only @jixiao/engine (through its public entry).",
            },
            { group: ["@jixiao/engine/*"], message: "Import the engine through its public entry, @jixiao/engine." },
          ],
        },
      ],
    },
  },
  {
    // Everything but pdf.ts is pure (also published as @jixiao/reports/pure for the browser).
    files: ["packages/reports/src/**/*.ts"],
    ignores: ["packages/reports/src/pdf.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@jixiao/*", "!@jixiao/engine", "../../*"],
              message:
                "Dependencies point one way: cli/server → reports → engine. @jixiao/reports imports only @jixiao/engine (through its public entry).",
            },
            { group: ["@jixiao/engine/*"], message: "Import the engine through its public entry, @jixiao/engine." },
            {
              group: ["node:*", "fs", "path", "os", "child_process", "url", "stream"],
              message: "Report rendering is pure (it runs in the browser too): only pdf.ts may use Node APIs and start LibreOffice.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "Pure rendering: pass values in (only pdf.ts reads the environment)." },
        { name: "Buffer", message: "Pure rendering runs in the browser: use Uint8Array." },
      ],
    },
  },
  {
    // Tests read JSON responses loosely; production code may not.
    files: ["packages/*/test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
