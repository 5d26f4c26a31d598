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

// One stylesheet: the page's own and the lesson mode's (lesson.css, class names "lm-").
await build({
  stdin: { contents: '@import "./style.css";\n@import "./lesson/lesson.css";\n', resolveDir: "src", sourcefile: "bundle.css", loader: "css" },
  bundle: true,
  minify: true,
  outfile: "public/gen/style.css",
  logLevel: "warning",
});
