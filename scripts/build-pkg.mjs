// Assembles pkg/ (the published npm package) from wasm-pack's output and js/:
// wasm-opt -Os / -Oz (npm binaryen), a CommonJS copy of the glue, the hex module for /inline (base64 for the mock),
// the entries, the type definitions and package.json.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, symlinkSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const out = `${root}pkg/`;
const cargo = readFileSync(`${root}Cargo.toml`, "utf8");
const version = cargo.match(/^version = "(.*)"/m)[1];

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}wasm`, { recursive: true });
mkdirSync(`${out}mock-wasm`, { recursive: true });

const wasmOpt = `${root}node_modules/.bin/wasm-opt`;
// The wasm features the modules use (wasm-bindgen's output: reference types, multi-value…).
const FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals",
  "--enable-reference-types", "--enable-multivalue"];
// -Os rather than -Oz for the client: a few hundred bytes smaller once gzipped (measured).
// `-ocimfs 25`: a function with one caller is inlined into it only when small. Left unlimited (the
// default), the dispatch of every operation became one 32 KB function, which Node's lazy compiler
// compiles whole on the first call; limited, the client is 3.6 KB smaller gzipped and its first
// call 1 ms cheaper (measured with bench/bundle.mjs, and a first call through a stub fetch), with
// the same per-call CPU.
function optimise(from, to, level) {
  execFileSync(wasmOpt, [level, "--converge", "-ocimfs", "25", ...FEATURES, "--strip-debug", "--strip-producers", "--strip-target-features", from, "-o", to],
    { stdio: "inherit" });
}

/**
 * Gives the module's imports and exports one- or two-letter names (wasm-opt
 * `--minify-imports-and-exports-and-modules`) and renames them in its JS glue and types to match.
 * wasm-bindgen's names carry hashes (`__wbg_send_89b1ff1582c37e4c`) and whole Rust paths: in the
 * module and again in the glue they were over a kilobyte of text gzip could not shrink.
 */
function minifyNames(wasmPath, code, types) {
  const map = JSON.parse(execFileSync(wasmOpt, [...FEATURES, "--minify-imports-and-exports-and-modules", wasmPath, "-o", wasmPath],
    { encoding: "utf8" }));
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
  if (modules.size !== 1 || !modules.has("a")) throw new Error(`minifyNames: import modules are ${[...modules]}, not "a"`);
  const word = (name) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`, "g");
  const swap = (text, pattern, to, what) => {
    if (!pattern.test(text)) throw new Error(`minifyNames: ${what} is not in the glue`);
    return text.replace(pattern, to);
  };
  const glueModule = /"\.\/[\w.]+_bg\.js": import0/;
  code = swap(code, glueModule, `"a": import0`, "the import module");
  for (const [module, name, short] of map.imports) {
    if (module !== "./hubspot_associations_bg.js") throw new Error(`minifyNames: an import of module ${module}`);
    // The import object's key, written once in the glue.
    code = swap(code, new RegExp(`(?<![\\w$])${name}(?=: )`), short, `import ${name}`);
  }
  // The exports the glue uses (`wasm.name`; some, such as `__abort_handler`, it does not).
  for (const [name, short] of map.exports) {
    code = code.replace(new RegExp(`(?<=\\bwasm\\.)${name}(?![\\w$])`, "g"), short);
    types = types.replace(word(`readonly ${name}`), `readonly ${short}`);
  }
  const left = map.exports.filter(([name]) => new RegExp(`\\bwasm\\.${name}(?![\\w$])`).test(code));
  if (left.length) throw new Error(`minifyNames: still named in the glue: ${left.map(([n]) => n)}`);
  return [code, types];
}

async function glue(dir, name, dest, level, minify) {
  const js = `${root}target/wasm-pack/${dir}/${name}`;
  const wasm = `${out}${dest}/${name}_bg.wasm`;
  let code = readFileSync(`${js}.js`, "utf8");
  // wasm-bindgen's classes declare [Symbol.dispose]: name the lib, so `lib: es2022` users compile.
  let types = `/// <reference lib="esnext.disposable" />\n${readFileSync(`${js}.d.ts`, "utf8")}`;
  optimise(`${js}_bg.wasm`, wasm, level);
  if (minify) [code, types] = minifyNames(wasm, code, types);
  writeFileSync(`${out}${dest}/${name}.js`, code);
  writeFileSync(`${out}${dest}/${name}.d.ts`, types);
  await build({ entryPoints: [`${out}${dest}/${name}.js`], outfile: `${out}${dest}/${name}.cjs`, format: "cjs", platform: "neutral",
    logLevel: "error", define: { "import.meta.url": "undefined" } });
  return readFileSync(wasm);
}

const client = await glue("client", "hubspot_associations", "wasm", "-Os", true);
// The client's module as text for /inline, ESM and CommonJS: hex, not base64. Hex keeps each byte
// two characters, so the repeats gzip finds in the module are still repeats in the text; base64's
// 3-byte groups break them. The gzipped /inline bundle is about 20 KB smaller (bench/RESULTS.md).
const hex = JSON.stringify(client.toString("hex"));
writeFileSync(`${out}wasm/hubspot_associations_bg.wasm.hex.js`, `export default ${hex};\n`);
writeFileSync(`${out}wasm/hubspot_associations_bg.wasm.hex.cjs`, `module.exports = ${hex};\n`);
const mock = await glue("mock", "hubspot_associations_mock", "mock-wasm", "-Oz");
// The mock's as base64 (js/mock.js; bench/bundle.mjs looks for it in bundles by a base64 probe).
writeFileSync(`${out}mock-wasm/hubspot_associations_mock_bg.wasm.base64.js`, `export default ${JSON.stringify(mock.toString("base64"))};\n`);

// js/cli/ is not copied: the command line is bundled into bin/cli.js below.
for (const f of readdirSync(`${root}js`)) if (f !== "cli") cpSync(`${root}js/${f}`, `${out}${f}`, { recursive: true });
// CommonJS twins: error.cjs as is, mock.cjs bundled with its glue; .d.cts twins of the types.
for (const f of ["error", "client", "decode", "hubspot", "proxy", "redis"]) {
  // decode.cjs carries shapes.js inside (a CommonJS file cannot require it).
  await build({ entryPoints: [`${out}${f}.js`], outfile: `${out}${f}.cjs`, format: "cjs", platform: "neutral", logLevel: "error",
    bundle: f === "decode" });
}
await build({ entryPoints: [`${out}mock.js`], outfile: `${out}mock.cjs`, format: "cjs", platform: "neutral", bundle: true,
  logLevel: "error", define: { "import.meta.url": "undefined" } });
for (const f of ["index", "inline", "error", "mock", "hubspot", "proxy", "redis", "wasm/hubspot_associations", "mock-wasm/hubspot_associations_mock"]) {
  writeFileSync(`${out}${f}.d.cts`, readFileSync(`${out}${f}.d.ts`, "utf8").replace(/(from "\.\/[^"]+)\.js"/g, '$1.cjs"'));
}
cpSync(`${root}README.md`, `${out}README.md`);

// The command line (issue 11): js/cli/ and what it needs (csv-parse, csv-stringify) in one file, so
// that the library entries keep no runtime dependencies. The client and the emulator are the
// package's own entries beside it (../node.js, ../mock.js), left external so that their wasm is
// not copied into the bin.
await build({
  entryPoints: [`${root}js/cli/main.js`], outfile: `${out}bin/cli.js`, bundle: true, format: "esm", platform: "node",
  target: "node18", logLevel: "error", legalComments: "eof", define: { __VERSION__: JSON.stringify(version) },
  plugins: [{
    name: "package-entries",
    setup(b) {
      b.onResolve({ filter: /^\.\.\/(node|mock)\.js$/ }, (a) => ({ path: a.path, external: true }));
    },
  }],
});
chmodSync(`${out}bin/cli.js`, 0o755);

const pkg = {
  name: "hubspot-associations",
  version,
  description: "Typed client for HubSpot's CRM Associations API (2026-03, 2026-09, v4, v3) in Rust/WebAssembly, for Node, browsers, workers and HubSpot UI extensions, with an embedded HubSpot emulator.",
  license: "MIT OR Apache-2.0",
  type: "module",
  keywords: ["hubspot", "crm", "associations", "wasm", "api-client"],
  engines: { node: ">=18" },
  // hubspot-associations/redis only: the Redis store imports `redis` when given a URL.
  peerDependencies: { redis: "^5.0.0 || ^6.0.0" },
  peerDependenciesMeta: { redis: { optional: true } },
  sideEffects: ["./node.js", "./node.cjs", "./inline.js", "./inline.cjs", "./browser.js", "./mock.js", "./mock.cjs"],
  files: ["*.js", "*.cjs", "*.d.ts", "*.d.cts", "wasm/", "mock-wasm/", "bin/", "README.md"],
  bin: { "hubspot-associations": "./bin/cli.js", "hubspot-associations-mock": "./bin/mock-server.js" },
  main: "./node.cjs",
  module: "./browser.js",
  types: "./index.d.ts",
  exports: {
    ".": {
      node: { import: { types: "./index.d.ts", default: "./node.js" }, require: { types: "./index.d.cts", default: "./node.cjs" } },
      default: { types: "./index.d.ts", default: "./browser.js" },
    },
    "./inline": {
      import: { types: "./inline.d.ts", default: "./inline.js" },
      require: { types: "./inline.d.cts", default: "./inline.cjs" },
    },
    "./mock": {
      import: { types: "./mock.d.ts", default: "./mock.js" },
      require: { types: "./mock.d.cts", default: "./mock.cjs" },
    },
    "./hubspot": {
      import: { types: "./hubspot.d.ts", default: "./hubspot.js" },
      require: { types: "./hubspot.d.cts", default: "./hubspot.cjs" },
    },
    "./proxy": {
      import: { types: "./proxy.d.ts", default: "./proxy.js" },
      require: { types: "./proxy.d.cts", default: "./proxy.cjs" },
    },
    "./redis": {
      import: { types: "./redis.d.ts", default: "./redis.js" },
      require: { types: "./redis.d.cts", default: "./redis.cjs" },
    },
    "./package.json": "./package.json",
  },
};
writeFileSync(`${out}package.json`, JSON.stringify(pkg, null, 2) + "\n");

// Tests, the demo and www import the package by name, through the same `exports` users get.
rmSync(`${root}node_modules/hubspot-associations`, { recursive: true, force: true });
symlinkSync("../pkg", `${root}node_modules/hubspot-associations`, "dir");
// …and its bins, as npm would link them, so that `npx hubspot-associations(-mock)` works here too.
mkdirSync(`${root}node_modules/.bin`, { recursive: true });
for (const [name, file] of Object.entries(pkg.bin)) {
  rmSync(`${root}node_modules/.bin/${name}`, { force: true });
  symlinkSync(`../hubspot-associations/${file.slice(2)}`, `${root}node_modules/.bin/${name}`);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`[build] pkg/ ready: client wasm ${kb(client.length)} (${kb(gzipSync(client).length)} gzipped), mock wasm ${kb(mock.length)}`);
