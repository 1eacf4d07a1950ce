// `make bench`: hubspot-associations against @hubspot/api-client, one run, one machine (issue 6).
// Prints a markdown table of figures and ours/theirs ratios; a full run writes bench/RESULTS.md.
// `--quick`: few calls, one round, 1,000 bulk pairs, 10,000 associations read (a smoke run).
import { spawn } from "node:child_process";
import { createRequire, builtinModules } from "node:module";
import { readFileSync, writeFileSync, mkdtempSync, rmSync, readdirSync, statSync, lstatSync, realpathSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir, cpus, totalmem, platform, release, arch } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { HubSpotAssociations } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";

const require = createRequire(import.meta.url);
const { Client } = require("@hubspot/api-client");
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const QUICK = process.argv.includes("--quick");
const TOKEN = "pat-na1-bench-0000";
const P = QUICK
  ? { calls: 64, rounds: 1, pairs: 1_000, readFrom: 10, readPer: 1_000, starts: 2 }
  : { calls: 800, rounds: 5, pairs: 10_000, readFrom: 20, readPer: 5_000, starts: 7 };
const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;

/** Runs `node file args…`; resolves with stdout. */
function node(args, { lines = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${args[0]} exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** The emulator in a child process (startMockServer); resolves with {url, stop}. */
function serverProcess(spec) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "server.mjs"), JSON.stringify(spec)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ url: buf.slice(0, nl).trim(), stop: () => new Promise((r) => { child.removeAllListeners("exit"); child.on("exit", r); child.kill("SIGTERM"); }) });
    });
  });
}

/** The official client logs every retry on console.error; keep the table readable. */
async function quietly(fn) {
  const orig = console.error;
  let n = 0;
  console.error = () => void n++;
  try { return await fn(); } finally { console.error = orig; }
}

// ---------------------------------------------------------------- 1. per-call cost
async function perCall() {
  const srv = await serverProcess({ options: { accessToken: TOKEN }, seedAssoc: { from: 100, perFrom: 1 } });
  try {
    const ours = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: srv.url, apiVersion: "v4" });
    const theirs = new Client({ accessToken: TOKEN, basePath: srv.url });
    const v4 = theirs.crm.associations.v4;
    const ids = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) }));
    let k = 0;
    // Baseline: Node's own fetch of the same request, JSON parsed, no client.
    const plain = async (method, path, body) => {
      const r = await fetch(srv.url + path, { method, body, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", accept: "application/json" } });
      if (r.status >= 300) throw new Error(`plain fetch: ${r.status}`);
      return r.json();
    };
    const ops = {
      associateDefault: {
        ours: () => { const i = ++k; return ours.associateDefault({ fromObjectType: "contacts", fromObjectId: String(i), toObjectType: "companies", toObjectId: String(500_000 + i) }); },
        theirs: () => { const i = ++k; return v4.basicApi.createDefault("contacts", String(i), "companies", String(500_000 + i)); },
        fetch: () => { const i = ++k; return plain("PUT", `/crm/v4/objects/contacts/${i}/associations/default/companies/${500_000 + i}`); },
      },
      "batch read 100 ids": {
        ours: () => ours.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: ids }),
        theirs: () => v4.batchApi.getPage("contacts", "companies", { inputs: ids }),
        fetch: () => plain("POST", "/crm/v4/associations/contacts/companies/batch/read", JSON.stringify({ inputs: ids })),
      },
    };
    const rows = [];
    for (const [op, fns] of Object.entries(ops)) {
      for (const conc of [1, 16]) {
        const res = {};
        for (const who of ["ours", "theirs", "fetch"]) {
          const fn = fns[who];
          for (let i = 0; i < 16; i++) await fn(); // warm-up
          const rps = [], cpu = [];
          for (let r = 0; r < P.rounds; r++) {
            let left = P.calls;
            const c0 = process.cpuUsage(), t0 = performance.now();
            await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) await fn(); }));
            const ms = performance.now() - t0, c = process.cpuUsage(c0);
            rps.push(P.calls / (ms / 1000));
            cpu.push((c.user + c.system) / P.calls);
          }
          res[who] = { rps: median(rps), cpu: median(cpu) };
        }
        rows.push({ op, conc, ...res });
        log(`${op} c=${conc}: ours ${res.ours.rps.toFixed(0)} req/s ${res.ours.cpu.toFixed(0)} µs; theirs ${res.theirs.rps.toFixed(0)} req/s ${res.theirs.cpu.toFixed(0)} µs; fetch ${res.fetch.rps.toFixed(0)} req/s ${res.fetch.cpu.toFixed(0)} µs`);
      }
    }
    return rows;
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- 2. bulk
const RATE = { maxRequests: 100, intervalMs: 10_000 };
const FAULTS = { seed: 6, rate: 0.05, kinds: ["500", "503"] };

async function bulkOne(who) {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: RATE, faults: FAULTS, port: 0 });
  const inputs = Array.from({ length: P.pairs }, (_, i) => ({ from: { id: String(i + 1) }, to: { id: String(1_000_000 + i + 1) } }));
  let error = null;
  const t0 = performance.now();
  try {
    if (who === "ours") {
      // What our README tells a user to write: one call.
      const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, apiVersion: "v4" });
      await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs });
    } else {
      // What the official client's README tells a user to write: its retry and limiter options
      // (limiterOptions are Bottleneck's; 100 requests / 10 s is one every 100 ms), chunks of 100.
      const client = new Client({ accessToken: TOKEN, basePath: server.url, numberOfApiCallRetries: 3, limiterOptions: { minTime: 100, maxConcurrent: 4, id: `bench-${Date.now()}` } });
      const chunks = [];
      for (let i = 0; i < inputs.length; i += 100) chunks.push(inputs.slice(i, i + 100).map(({ from, to }) => ({ _from: from, to })));
      const results = await quietly(() => Promise.allSettled(chunks.map((c) => client.crm.associations.v4.batchApi.createDefault("contacts", "companies", { inputs: c }))));
      const failed = results.filter((r) => r.status === "rejected");
      if (failed.length) error = `${failed.length} chunks rejected`;
    }
  } catch (e) {
    error = `${e.kind ?? e.code ?? "error"}: ${e.message?.slice(0, 80)}; failedInputs ${e.failedInputs?.length ?? "?"}`;
  }
  const wallS = (performance.now() - t0) / 1000;
  const stats = server.mock.stats();
  const have = new Set();
  for (const a of server.mock.state().associations) if (a.fromObjectTypeId === "0-1") have.add(`${a.fromObjectId}>${a.toObjectId}`);
  const missing = inputs.filter(({ from, to }) => !have.has(`${from.id}>${to.id}`)).length;
  await server.close();
  const r = { wallS, requests: stats.requests, r429: stats.rateLimited, faults: stats.faultsInjected, missing, error };
  log(`bulk ${who}: ${JSON.stringify(r)}`);
  return r;
}

// ---------------------------------------------------------------- 3. size
async function bundleSize(entry, name, extra = {}) {
  const esbuild = await import("esbuild");
  const out = mkdtempSync(join(tmpdir(), "hs-bench-"));
  try {
    await esbuild.build({ entryPoints: [join(here, entry)], bundle: true, minify: true, platform: "browser", format: "esm", outdir: out, logLevel: "silent", loader: { ".wasm": "file" }, ...extra });
    let js = 0, jsGz = 0;
    for (const f of readdirSync(out)) {
      const b = readFileSync(join(out, f));
      js += b.length; jsGz += gzipSync(b, { level: 9 }).length;
    }
    return { ok: true, js, jsGz };
  } catch (e) {
    const msgs = [...new Set((e.errors ?? []).map((x) => x.text))].slice(0, 3).join("; ");
    log(`${name} bundle failed: ${msgs || e.message}`);
    return { ok: false, why: (msgs || e.message).slice(0, 160) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function duBytes(dir, seen = new Set()) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) total += duBytes(p, seen);
    else total += st.size;
  }
  return total;
}

/** Bytes of a package and its production dependencies as installed in our node_modules (deduplicated). */
function installSize(name, from = root, seen = new Set()) {
  let pkgJson;
  try { pkgJson = createRequire(join(from, "x.js")).resolve(`${name}/package.json`); } catch {
    // Packages whose exports hide package.json: find the directory by walking up.
    let d = from;
    for (;;) { const p = join(d, "node_modules", name, "package.json"); if (existsSync(p)) { pkgJson = p; break; } const up = dirname(d); if (up === d) throw new Error(`cannot find ${name}`); d = up; }
  }
  const dir = realpathSync(dirname(pkgJson));
  if (seen.has(dir)) return { bytes: 0, count: 0 };
  seen.add(dir);
  let bytes = duBytes(dir), count = 1;
  const deps = Object.keys(JSON.parse(readFileSync(pkgJson, "utf8")).dependencies ?? {});
  for (const dep of deps) {
    // Nested node_modules were counted with the package itself.
    const nested = join(dir, "node_modules", dep);
    if (existsSync(nested)) { const r = installSize(dep, dir, seen); count += r.count; continue; }
    const r = installSize(dep, dir, seen);
    bytes += r.bytes; count += r.count;
  }
  return { bytes, count };
}

async function sizes() {
  const ours = await bundleSize("page-ours.js", "ours");
  // The default browser entry loads the wasm from `new URL(…, import.meta.url)`, which esbuild
  // leaves as a URL: the .wasm is a separate asset, counted here.
  const wasm = readFileSync(join(root, "node_modules/hubspot-associations/wasm/hubspot_associations_bg.wasm"));
  ours.wasm = wasm.length; ours.wasmGz = gzipSync(wasm, { level: 9 }).length;
  const theirs = await bundleSize("page-theirs.js", "theirs");
  // It needs Node built-ins (url, http, …): leaving them out gives a size, of a bundle that cannot run.
  const theirsNoBuiltins = theirs.ok ? null : await bundleSize("page-theirs.js", "theirs (Node built-ins external)", { external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)] });
  // Ours: what `npm pack` ships (no dependencies).
  const pack = JSON.parse(await runCmd("npm", ["pack", "--dry-run", "--json"], join(root, "node_modules/hubspot-associations")));
  const oursInstall = { bytes: pack[0].unpackedSize, count: 1 };
  const theirsInstall = installSize("@hubspot/api-client");
  return { ours, theirs, theirsNoBuiltins, oursInstall, theirsInstall };
}

function runCmd(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

// ---------------------------------------------------------------- 4. start
async function start() {
  const srv = await serverProcess({ options: { accessToken: TOKEN } });
  try {
    const res = {};
    for (const who of ["ours", "theirs", "fetch"]) {
      const xs = [];
      for (let i = 0; i < P.starts; i++) xs.push(Number(await node([join(here, "start-child.mjs"), who, srv.url, TOKEN])));
      res[who] = median(xs);
    }
    log(`start: ${JSON.stringify(res)}`);
    return res;
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- 5. memory
async function memory() {
  const srv = await serverProcess({ options: { accessToken: TOKEN }, seedAssoc: { from: P.readFrom, perFrom: P.readPer } });
  try {
    const r = JSON.parse(await node([join(here, "memory-child.mjs"), srv.url, TOKEN, String(P.readFrom)]));
    log(`memory: ${JSON.stringify(r)}`);
    return r;
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- table
const f0 = (x) => Math.round(x).toLocaleString("en-US");
const f1 = (x) => x.toFixed(1);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "—");

const t0 = performance.now();
log(QUICK ? "quick run" : "full run");
const pc = await perCall();
const bulk = { ours: await bulkOne("ours"), theirs: await bulkOne("theirs") };
const size = await sizes();
const st = await start();
const mem = await memory();

const cpu = cpus();
const lines = [];
const L = (s = "") => lines.push(s);
L(`## Benchmarks: hubspot-associations vs @hubspot/api-client${QUICK ? " (QUICK run: few calls, 1 round, small bulk — not for quoting)" : ""}`);
L();
L(`- date: ${new Date().toISOString()}`);
L(`- machine: ${cpu[0]?.model?.trim() ?? "?"}, ${cpu.length} cores, ${mb(totalmem())} memory, ${platform()} ${release()} ${arch()}`);
L(`- versions: node ${process.version}, hubspot-associations ${version("hubspot-associations")}, @hubspot/api-client ${version("@hubspot/api-client")}`);
L(`- emulator: loopback server (startMockServer) in a separate process for per-call, start and memory; in-process for bulk`);
L();
L(`| figure | ours | theirs | ours/theirs | plain fetch, no client |`);
L(`|---|---:|---:|---:|---:|`);
for (const r of pc) {
  L(`| ${r.op}, concurrency ${r.conc}: requests/s | ${f0(r.ours.rps)} | ${f0(r.theirs.rps)} | ${ratio(r.ours.rps, r.theirs.rps)} | ${f0(r.fetch.rps)} |`);
  L(`| ${r.op}, concurrency ${r.conc}: client CPU µs/request | ${f0(r.ours.cpu)} | ${f0(r.theirs.cpu)} | ${ratio(r.ours.cpu, r.theirs.cpu)} | ${f0(r.fetch.cpu)} |`);
}
const floorS = (P.pairs / 100 / RATE.maxRequests) * (RATE.intervalMs / 1000);
L(`| bulk ${f0(P.pairs)} pairs (100 req/10 s, 5 % 5xx): wall s (floor ${f1(floorS)} s) | ${f1(bulk.ours.wallS)} | ${f1(bulk.theirs.wallS)} | ${ratio(bulk.ours.wallS, bulk.theirs.wallS)} |`);
L(`| bulk: requests sent | ${bulk.ours.requests} | ${bulk.theirs.requests} | ${ratio(bulk.ours.requests, bulk.theirs.requests)} |`);
L(`| bulk: 429s received | ${bulk.ours.r429} | ${bulk.theirs.r429} | — |`);
L(`| bulk: 5xx injected | ${bulk.ours.faults} | ${bulk.theirs.faults} | — |`);
L(`| bulk: pairs missing afterwards | ${bulk.ours.missing} | ${bulk.theirs.missing} | — |`);
const oursTotalGz = size.ours.jsGz + size.ours.wasmGz;
const tb = size.theirs.ok ? size.theirs : size.theirsNoBuiltins?.ok ? size.theirsNoBuiltins : null;
const tMark = size.theirs.ok ? "" : " †";
L(`| browser bundle (esbuild, minify), gzipped: JS | ${kb(size.ours.jsGz)} | ${tb ? kb(tb.jsGz) + tMark : "cannot bundle"} | ${tb ? ratio(size.ours.jsGz, tb.jsGz) : "—"} |`);
L(`| browser bundle, gzipped: JS + .wasm asset | ${kb(oursTotalGz)} | ${tb ? kb(tb.jsGz) + tMark : "cannot bundle"} | ${tb ? ratio(oursTotalGz, tb.jsGz) : "—"} |`);
L(`| browser bundle, uncompressed: JS + .wasm | ${kb(size.ours.js + size.ours.wasm)} | ${tb ? kb(tb.js) + tMark : "—"} | ${tb ? ratio(size.ours.js + size.ours.wasm, tb.js) : "—"} |`);
L(`| install size with dependencies | ${mb(size.oursInstall.bytes)} (${size.oursInstall.count} pkg) | ${mb(size.theirsInstall.bytes)} (${size.theirsInstall.count} pkgs) | ${ratio(size.oursInstall.bytes, size.theirsInstall.bytes)} |`);
L(`| start: fresh node to first completed call, ms (median of ${P.starts}) | ${f0(st.ours)} | ${f0(st.theirs)} | ${ratio(st.ours, st.theirs)} | ${f0(st.fetch)} |`);
L(`| peak RSS, batchRead allPages of ${f0(mem.read)} associations (${P.readFrom} records) | ${mb(mem.peakKb * 1024)} (${mb(mem.baselineKb * 1024)} before) | — | — |`);
L();
L(`Per-call: ${P.calls} calls per round, median of ${P.rounds} round(s), after 16 warm-up calls; CPU is the bench process's user+system time (the emulator runs in another process). The last column is Node's global \`fetch\` sending the same request and parsing the JSON, with no client: the floor for a client built on it. ` +
  `Ours: \`apiVersion: "v4"\`, defaults otherwise; theirs: \`new Client({accessToken, basePath})\` (no limiter unless \`limiterOptions\` is given, no retries). ` +
  `Bulk: ours one \`batchCreateDefault\`; theirs \`batchApi.createDefault\` per 100 pairs, all started at once, with \`numberOfApiCallRetries: 3, limiterOptions: {minTime: 100, maxConcurrent: 4}\`. ` +
  `Floor: ${f0(P.pairs / 100)} requests at the steady rate of ${RATE.maxRequests} per ${RATE.intervalMs / 1000} s (a job that fits in one window can beat it: the window starts full). ` +
  `Size: a one-call page (bench/page-*.js) bundled with esbuild for the browser; ours is the default entry, whose .wasm esbuild leaves as a separate asset (added in the second row).` +
  (size.theirs.ok ? " Theirs bundles but is not run in a browser here." : ` † Theirs cannot be bundled for the browser as is (esbuild: ${size.theirs.why}); its size is of the bundle with Node's built-ins left external, which cannot run in a browser.`) +
  ` Install: ours is \`npm pack\`'s unpacked size (client and emulator wasm, no dependencies); theirs is its directory plus every production dependency as installed.`);
const table = lines.join("\n");
console.log(table);
if (!QUICK) writeFileSync(join(here, "RESULTS.md"), table + "\n");
log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
