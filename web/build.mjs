// build.mjs — bundles the front end with esbuild into public/gen/ (reproducible: pinned versions,
// package-lock.json, no timestamps). Run with `npm ci && node build.mjs` (the Makefile does).
import { build } from "esbuild";

await build({
  entryPoints: ["src/app.js"],
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["es2020"],
  loader: { ".tl": "text" },
  outfile: "public/gen/app.js",
  legalComments: "none",
  logLevel: "warning",
});

// The engine's Web Worker (a classic script: Go's wasm_exec.js is loaded with importScripts).
await build({
  entryPoints: ["src/worker.js"],
  bundle: true,
  format: "iife",
  minify: true,
  sourcemap: false,
  target: ["es2020"],
  outfile: "public/gen/worker.js",
  legalComments: "none",
  logLevel: "warning",
});

// The C mode (/c): its page script and the Web Worker that runs the C modules (gen/cc.wasm
// compiles, gen/c.wasm runs). The timeline page never loads either.
await build({
  entryPoints: ["src/cmode/cmode.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  loader: { ".tl": "text", ".c": "text" },
  outfile: "public/gen/cmode.js",
  legalComments: "none",
  logLevel: "warning",
});
await build({
  entryPoints: ["src/cmode/cworker.js"],
  bundle: true,
  format: "iife",
  minify: true,
  target: ["es2020"],
  outfile: "public/gen/cworker.js",
  legalComments: "none",
  logLevel: "warning",
});

// One stylesheet: the page's own and the lesson mode's (lesson.css, class names "lm-").
await build({
  stdin: { contents: '@import "./style.css";\n@import "./lesson/lesson.css";\n@import "./cmode/cmode.css";\n', resolveDir: "src", sourcefile: "bundle.css", loader: "css" },
  bundle: true,
  minify: true,
  outfile: "public/gen/style.css",
  logLevel: "warning",
});

// The <socklab-playground> web component (src/embed/): one ES module, public/embed.js, with the
// page's stylesheet and its own inlined for its shadow root (:root rules become :host ones, body
// rules .sl ones). It loads gen/wasm_exec.js and gen/engine.wasm relative to its own URL.
const sheet = await build({
  stdin: { contents: '@import "./style.css";\n@import "./embed/embed.css";\n', resolveDir: "src", sourcefile: "embed.css", loader: "css" },
  bundle: true,
  minify: true,
  write: false,
  logLevel: "warning",
});
const shadowCSS = sheet.outputFiles[0].text
  .replace(/:root((?:\[[^\]]*\]|:not\([^)]*\))*)/g, (m, sel) => (sel ? `:host(${sel})` : ":host"))
  .replace(/(^|[{},\s])body(?=[\s{,.:[])/g, "$1.sl");
await build({
  entryPoints: ["src/embed/playground.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outfile: "public/embed.js",
  legalComments: "none",
  logLevel: "warning",
  plugins: [{
    name: "shadow-css",
    setup(b) {
      b.onResolve({ filter: /^socklab:shadow-css$/ }, (a) => ({ path: a.path, namespace: "shadow-css" }));
      b.onLoad({ filter: /.*/, namespace: "shadow-css" }, () => ({ contents: shadowCSS, loader: "text" }));
    },
  }],
});
