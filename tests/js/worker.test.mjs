// `hubspot-associations/inline` in a web worker bundled by esbuild, under a Content-Security-Policy
// without 'unsafe-eval': with 'wasm-unsafe-eval' the worker completes calls against the emulator;
// without it, the same bundle is refused (which shows that the policy is in force).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { openBrowser } from "./helpers/browser.mjs";
import { serveDir } from "./helpers/static.mjs";

const fixture = fileURLToPath(new URL("../hosts/worker/", import.meta.url));
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";
const CSP_NO_WASM = "default-src 'self'; script-src 'self'; worker-src 'self'";

let out;
let browser;
before(async () => {
  out = await mkdtemp(path.join(tmpdir(), "hs-worker-"));
  await build({ entryPoints: [path.join(fixture, "worker.js")], outfile: path.join(out, "worker.js"), bundle: true, format: "esm",
    platform: "browser", minify: true, logLevel: "error" });
  for (const f of ["index.html", "main.js"]) await copyFile(path.join(fixture, f), path.join(out, f));
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

async function run(csp) {
  const server = await serveDir(out, { headers: { "content-security-policy": csp } });
  const page = await browser.page.context().newPage();
  const violations = [];
  page.on("console", (m) => /Content Security Policy|unsafe-eval/i.test(m.text()) && violations.push(m.text()));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
    return { result: await page.evaluate(() => window.result), requests: server.requests, violations };
  } finally {
    await page.close();
    await server.close();
  }
}

test("the esbuild bundle inlines the wasm: no .wasm file, no eval", async () => {
  const { readdir, readFile } = await import("node:fs/promises");
  assert.ok(!(await readdir(out)).some((f) => f.endsWith(".wasm")));
  const js = await readFile(path.join(out, "worker.js"), "utf8");
  assert.doesNotMatch(js, /\beval\(|new Function\(/);
});

test("worker with /inline under a CSP with 'wasm-unsafe-eval' and without 'unsafe-eval'", { timeout: 60_000 }, async () => {
  const { result, requests, violations } = await run(CSP);
  assert.deepEqual(result, { ok: { typeId: 279, listed: ["202"] } }, violations.join("; "));
  assert.deepEqual(violations, []);
  assert.ok(!requests.some((p) => p.endsWith(".wasm")), "no .wasm fetched");
});

test("the same bundle is refused when the CSP lacks 'wasm-unsafe-eval' (the policy is applied)", { timeout: 60_000 }, async () => {
  const { result } = await run(CSP_NO_WASM);
  assert.ok(result.error, `the worker failed: ${JSON.stringify(result)}`);
  assert.match(result.error, /CompileError: WebAssembly.*Content Security Policy/i);
});
