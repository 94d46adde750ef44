// Checks every ```mermaid block of Markdown reports with Mermaid's own parser (not run in CI).
//
//   npm install --prefix /tmp/mermaid-check mermaid jsdom      # once; the npm registry only
//   NODE_PATH=/tmp/mermaid-check/node_modules node scripts/check-mermaid.mjs report.md [more.md ...]
//
// Prints one line per block (`file #n: ok (flowchart-v2)` or the parser's error) and exits 1 if
// any block fails to parse.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + "/" : import.meta.url);
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMPurify = undefined;

const mermaidPath = require.resolve("mermaid");
const mermaid = (await import(mermaidPath.replace(/mermaid\.js$/, "mermaid.core.mjs").replace(/\.min\.js$/, ".core.mjs"))).default;
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = 0;
let blocks = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const [i, body] of found.entries()) {
    blocks += 1;
    try {
      const result = await mermaid.parse(body);
      console.log(`${file} #${i + 1}: ok (${result.diagramType})`);
    } catch (e) {
      failed += 1;
      console.log(`${file} #${i + 1}: ERROR ${String(e.message || e).split("\n").join(" | ")}`);
    }
  }
}
console.log(`${blocks - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
