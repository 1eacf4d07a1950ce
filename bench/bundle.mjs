// Browser size of the client, as a new user's bundler sees it (issue 10): a one-call app importing
// one entry of the package, bundled by esbuild (`bundle, minify, format: "esm", platform: "browser"`,
// nothing else), gzipped (level 9). The `.wasm` a bundle loads at run time through
// `new URL("…", import.meta.url)` is counted too, although esbuild neither emits nor rewrites it: every
// such URL left in the output is resolved against the input module it came from (the metafile lists
// them) and the file's gzipped size is added. The result also says whether anything of the emulator
// (`/mock`, `mock-wasm/`) reached the bundle. Deterministic: used by bench/run.mjs and by
// tests/js/size.test.mjs. `node bench/bundle.mjs` prints the figures as JSON.
import { readFileSync, existsSync, realpathSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
/** Gzipped budgets in bytes (KB = 1024 bytes): design §3 and issue 10. */
export const BUDGET = { browser: 80 * 1024, inline: 110 * 1024 };
/** The entries measured, by import specifier. */
export const ENTRIES = { browser: "hubspot-associations", inline: "hubspot-associations/inline" };

/** The one-call app bundled for an entry. */
export function page(specifier) {
  return [
    `import { HubSpotAssociations } from ${JSON.stringify(specifier)};`,
    `new HubSpotAssociations({ baseUrl: "/api" })`,
    `  .associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" })`,
    `  .then((r) => console.log(r), (e) => console.error(e));`,
    ``,
  ].join("\n");
}

export const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const sha = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 16);

/** The emulator's files in the built package: every `.wasm` of mock-wasm/ with its bytes and a base64 probe. */
export function mockWasm(pkgDir = join(root, "node_modules/hubspot-associations")) {
  const dir = join(pkgDir, "mock-wasm");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".wasm"))
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const b64 = bytes.toString("base64");
      // A stretch of the module's code as base64 (aligned on 3 bytes so it reads the same inside any
      // base64 text of the whole module): finds an inlined copy.
      const at = Math.floor(bytes.length / 2 / 3) * 3;
      return { file: realpathSync(join(dir, f)), name: `mock-wasm/${f}`, bytes: bytes.length, gz: gz(bytes), sha: sha(bytes), probe: bytes.subarray(at, at + 96).toString("base64"), b64Len: b64.length };
    });
}

const URL_RE = /new\s+URL\(\s*(["'`])([^"'`]+?)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Bundles the one-call app of `specifier` (or `contents`, an app of its own) and measures it.
 * @returns {{specifier, js: number, jsGz: number, assets: {name, file, bytes, gz, sha}[], wasmGz: number,
 *   totalGz: number, inputs: string[], mockInputs: string[], mockAssets: string[], mockInlined: boolean}}
 */
export async function measureBundle(specifier, { absWorkingDir = root, contents = page(specifier) } = {}) {
  const esbuild = await import("esbuild");
  const r = await esbuild.build({
    stdin: { contents, resolveDir: absWorkingDir, sourcefile: "app.js", loader: "js" },
    absWorkingDir,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outdir: join(absWorkingDir, ".size-out"), // nothing is written (write: false)
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outJs = r.outputFiles.filter((f) => /\.m?js$/.test(f.path));
  const emitted = r.outputFiles.filter((f) => !/\.m?js$/.test(f.path) && !f.path.endsWith(".map"));
  const text = outJs.map((f) => f.text).join("\n");
  const jsBytes = Buffer.concat(outJs.map((f) => Buffer.from(f.contents)));
  const inputs = Object.keys(r.metafile.inputs).map((p) => resolve(absWorkingDir, p));

  // Assets: URLs left in the output, resolved against the input modules that wrote them.
  const assets = new Map();
  const unresolved = [];
  for (const m of text.matchAll(URL_RE)) {
    const ref = m[2];
    if (/^[a-z]+:/i.test(ref)) continue; // absolute URLs (data:, https:) are not files of ours
    let found = null;
    for (const input of inputs) {
      if (!existsSync(input) || !/\.(m?js|cjs)$/.test(input)) continue;
      const src = readFileSync(input, "utf8");
      for (const n of src.matchAll(URL_RE)) {
        if (n[2] !== ref) continue;
        const file = resolve(dirname(input), ref);
        if (existsSync(file)) { found = realpathSync(file); break; }
      }
      if (found) break;
    }
    if (!found) { unresolved.push(ref); continue; }
    if (!assets.has(found)) {
      const bytes = readFileSync(found);
      assets.set(found, { name: relative(realpathSync(join(root, "node_modules/hubspot-associations")), found), file: found, bytes: bytes.length, gz: gz(bytes), sha: sha(bytes) });
    }
  }
  if (unresolved.length) throw new Error(`${specifier}: the bundle loads ${unresolved.map((u) => JSON.stringify(u)).join(", ")} from import.meta.url, and no input module of the bundle names it`);
  // Files esbuild emitted itself (a `file` loader), if an entry ever imports its wasm that way.
  for (const f of emitted) assets.set(f.path, { name: relative(absWorkingDir, f.path), file: f.path, bytes: f.contents.length, gz: gz(Buffer.from(f.contents)), sha: sha(Buffer.from(f.contents)) });

  const mock = mockWasm();
  const mockShas = new Set(mock.map((m) => m.sha));
  const list = [...assets.values()];
  const jsGz = gz(jsBytes);
  const wasmGz = list.reduce((s, a) => s + a.gz, 0);
  return {
    specifier,
    js: jsBytes.length,
    jsGz,
    assets: list.map(({ name, bytes, gz, sha }) => ({ name, bytes, gz, sha })),
    wasmGz,
    totalGz: jsGz + wasmGz,
    inputs: inputs.map((p) => relative(root, p)),
    mockInputs: inputs.filter((p) => /(^|[/\\])(mock\.(m?js|cjs)|mock-wasm[/\\])/.test(p)).map((p) => relative(root, p)),
    mockAssets: list.filter((a) => mockShas.has(a.sha) || /mock/.test(a.name)).map((a) => a.name),
    mockInlined: mock.some((m) => text.includes(m.probe)) || /hubspot_associations_mock/.test(text),
  };
}

/** Every figure of the size table: both client entries and the emulator's wasm on its own. */
export async function measureAll() {
  const browser = await measureBundle(ENTRIES.browser);
  const inline = await measureBundle(ENTRIES.inline);
  const mock = mockWasm().map(({ name, bytes, gz, sha }) => ({ name, bytes, gz, sha }));
  return { browser, inline, mock };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureAll(), null, 2));
}
