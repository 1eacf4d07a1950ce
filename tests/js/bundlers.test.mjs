// Real bundlers: a Vite 7 app and a webpack 5 app (tests/hosts/) that import the package's default
// entry and `/mock` are built with each tool's own API into a temp dir, served on loopback, and
// loaded in headless Chromium, where they complete calls against createMockHubSpot(). The client's
// .wasm must arrive as a built asset, served as application/wasm.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openBrowser } from "./helpers/browser.mjs";
import { serveDir } from "./helpers/static.mjs";

const hosts = fileURLToPath(new URL("../hosts/", import.meta.url));
const EXPECTED = { typeId: 279, listed: ["202"], requests: ["PUT 200", "GET 200"] };

let tmp;
let browser;
before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "hs-bundlers-"));
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Serves `dir`, opens it in a fresh page, and resolves to the app's result and the .wasm responses. */
async function load(dir) {
  const server = await serveDir(dir);
  const page = await browser.page.context().newPage();
  try {
    const wasm = [];
    const errors = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()["content-type"] });
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 }).catch(() => {
      throw new Error(`the app did not finish: ${errors.join("; ") || "no page error"}`);
    });
    return { result: await page.evaluate(() => window.result), wasm, errors };
  } finally {
    await page.close();
    await server.close();
  }
}

function checkWasm(wasm, files) {
  assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].status, 200);
  assert.equal(wasm[0].type, "application/wasm");
  assert.ok(files.includes(wasm[0].path.slice(1)), `${wasm[0].path} is a built asset (${files.join(", ")})`);
}

test("Vite 7 app: builds, loads in Chromium, calls the emulator; the wasm is an emitted asset", { timeout: 120_000 }, async () => {
  const { build } = await import("vite");
  const outDir = path.join(tmp, "vite");
  await build({ root: path.join(hosts, "vite-app"), configFile: false, logLevel: "error", build: { outDir, emptyOutDir: true } });
  const files = (await readdir(outDir, { recursive: true })).map((f) => f.split(path.sep).join("/"));
  const { result, wasm, errors } = await load(outDir);
  assert.deepEqual(result, { ok: EXPECTED }, errors.join("; "));
  checkWasm(wasm, files);
  assert.match(wasm[0].path, /^\/assets\/hubspot_associations_bg-[\w-]+\.wasm$/);
});

test("webpack 5 app: builds, loads in Chromium, calls the emulator; the wasm is an emitted asset", { timeout: 120_000 }, async () => {
  const { default: webpack } = await import("webpack");
  const { default: config } = await import(path.join(hosts, "webpack-app/webpack.config.js"));
  const outDir = path.join(tmp, "webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack({ ...config, output: { ...config.output, path: outDir } }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  await copyFile(path.join(hosts, "webpack-app/index.html"), path.join(outDir, "index.html"));
  const files = await readdir(outDir, { recursive: true });
  const { result, wasm, errors } = await load(outDir);
  assert.deepEqual(result, { ok: EXPECTED }, errors.join("; "));
  checkWasm(wasm, files.map((f) => f.split(path.sep).join("/")));
});
