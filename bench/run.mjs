// `make bench`: hubspot-associations against @hubspot/api-client, one run, one machine (issues 6, 10).
// Prints markdown: the figures issue 10 holds to a goal (per-call CPU, start, memory, browser size)
// as ratios side by side, then the other figures (throughput, bulk, install), the wasm size breakdown
// (twiggy, when installed) and, when bench/before.json exists, sizes before → after. A full run
// writes it to bench/RESULTS.md.
//   --quick         few calls, one round, 1,000 bulk pairs, 10,000 associations read (a smoke run)
//   --save-before   also write this run's figures to bench/before.json and bench/BEFORE.md (the
//                   "before" that later runs compare with)
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createRequire, builtinModules } from "node:module";
import { readFileSync, writeFileSync, readdirSync, lstatSync, realpathSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { cpus, totalmem, platform, release, arch, loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { HubSpotAssociations } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";
import { measureAll, BUDGET } from "./bundle.mjs";
import { startRedis, runWorkers, floorMs } from "./workers.mjs";
import { breakdown, breakdownMarkdown, beforeAfterMarkdown } from "./breakdown.mjs";
import { cliBench, CLI_GOAL_MB } from "./cli.mjs";

const require = createRequire(import.meta.url);
const { Client } = require("@hubspot/api-client");
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const QUICK = process.argv.includes("--quick");
const SAVE_BEFORE = process.argv.includes("--save-before");
const TOKEN = "pat-na1-bench-0000";
const P = QUICK
  ? { calls: { associateDefault: 64, batchRead: 24 }, warm: 16, rounds: 1, pairs: 1_000, readFrom: 10, readPer: 1_000, starts: 2, memRuns: 1 }
  : { calls: { associateDefault: 1_000, batchRead: 300 }, warm: 300, rounds: 7, pairs: 10_000, readFrom: 20, readPer: 5_000, starts: 21, memRuns: 5 };
// The per-call batch read: 100 contacts, each with 3 companies (HubSpot-shaped: numeric toObjectIds,
// "Primary" and a user label on some, `label: null` on the default type).
const PER_FROM = 3;
const GOAL = { perCall: 0.9, start: 1.1, rssMb: 100 };
const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;

/** Runs `node file args…`; resolves with stdout. */
function node(args) {
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

/** A bench/percall-child.mjs process: send(cmd) resolves with its answer line. */
function perCallProcess(who, url) {
  const child = spawn(process.execPath, [join(here, "percall-child.mjs"), who, url, TOKEN], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let exited = null;
  child.on("exit", (code) => (exited = code));
  return {
    async send(cmd) {
      child.stdin.write(JSON.stringify(cmd) + "\n");
      const { value, done } = await lines.next();
      if (done) throw new Error(`per-call ${who} exited ${exited}`);
      return JSON.parse(value);
    },
    stop: () => new Promise((r) => { if (exited !== null) return r(); child.on("exit", r); child.stdin.end(); }),
  };
}

/** The official client logs every retry on console.error; keep the table readable. */
async function quietly(fn) {
  const orig = console.error;
  console.error = () => {};
  try { return await fn(); } finally { console.error = orig; }
}

// ---------------------------------------------------------------- 1. per-call cost
// "contract": the floor under design.md's contract (bench/percall-child.mjs, start-cpu-child.mjs,
// memory-child.mjs say what it does in each): how much of the goal a client bound by it can reach.
const WHO = ["ours", "theirs", "fetch", "contract"];
const PER_CALL = [
  { op: "associateDefault", label: "associateDefault", conc: 1, goal: true },
  { op: "associateDefault", label: "associateDefault", conc: 16, goal: true },
  { op: "batchRead", label: "batchRead of 100 ids", conc: 1, goal: true },
  { op: "batchRead", label: "batchRead of 100 ids", conc: 16, goal: false },
];

async function perCall() {
  const srv = await serverProcess({ options: { accessToken: TOKEN }, seedAssoc: { from: 100, perFrom: PER_FROM, labelled: true } });
  const procs = Object.fromEntries(WHO.map((w) => [w, perCallProcess(w, srv.url)]));
  try {
    const rows = [];
    for (const { op, label, conc, goal } of PER_CALL) {
      const calls = P.calls[op];
      const checks = {};
      for (const who of WHO) checks[who] = (await procs[who].send({ op, conc, calls: P.warm })).check; // warm-up
      // Each client read the same answer (the batch read: numbers, labels and nulls on the wire).
      if (op === "batchRead") {
        const want = { results: 100, to: 100 * PER_FROM };
        for (const who of WHO) {
          const c = checks[who];
          if (c.results !== want.results || c.to !== want.to || !c.labels || !c.nullLabels) throw new Error(`batch read of ${who} read ${JSON.stringify(c)}`);
        }
        if (checks.fetch.idType !== "number") throw new Error(`the emulator answered toObjectId as ${checks.fetch.idType}, not as HubSpot's number`);
        if (checks.ours.idType !== "string") throw new Error(`ours returned toObjectId as ${checks.ours.idType}`);
      }
      const per = Object.fromEntries(WHO.map((w) => [w, { cpu: [], rps: [] }]));
      const ratios = { theirs: [], fetch: [], contract: [] };
      for (let r = 0; r < P.rounds; r++) {
        // Interleaved, in a rotating order: the three see the same machine at nearly the same time.
        const order = WHO.map((_, i) => WHO[(i + r) % WHO.length]);
        const got = {};
        for (const who of order) got[who] = await procs[who].send({ op, conc, calls });
        for (const who of WHO) { per[who].cpu.push(got[who].cpuUs / calls); per[who].rps.push(calls / (got[who].ms / 1000)); }
        ratios.theirs.push(got.ours.cpuUs / got.theirs.cpuUs);
        ratios.fetch.push(got.ours.cpuUs / got.fetch.cpuUs);
        ratios.contract.push(got.contract.cpuUs / got.theirs.cpuUs);
      }
      const res = Object.fromEntries(WHO.map((w) => [w, { cpu: median(per[w].cpu), rps: median(per[w].rps) }]));
      const row = { op, label, conc, goal, calls, ...res, vsTheirs: median(ratios.theirs), vsFetch: median(ratios.fetch), contractVsTheirs: median(ratios.contract), check: checks.fetch };
      rows.push(row);
      log(`${label} c=${conc}: CPU µs/call ours ${res.ours.cpu.toFixed(0)}, theirs ${res.theirs.cpu.toFixed(0)}, fetch ${res.fetch.cpu.toFixed(0)}, contract floor ${res.contract.cpu.toFixed(0)}; ours/theirs ${row.vsTheirs.toFixed(2)}, ours/fetch ${row.vsFetch.toFixed(2)}`);
    }
    return rows;
  } finally {
    await Promise.all(Object.values(procs).map((p) => p.stop()));
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
/** The official client's one-call page (bench/page-theirs.js) through the same esbuild options. */
async function theirsBundle(extra = {}) {
  const esbuild = await import("esbuild");
  try {
    const r = await esbuild.build({ entryPoints: [join(here, "page-theirs.js")], bundle: true, minify: true, platform: "browser", format: "esm", write: false, outdir: join(here, ".out"), logLevel: "silent", ...extra });
    const b = Buffer.concat(r.outputFiles.map((f) => Buffer.from(f.contents)));
    return { ok: true, js: b.length, jsGz: gzipSync(b, { level: 9 }).length };
  } catch (e) {
    const msgs = [...new Set((e.errors ?? []).map((x) => x.text))].slice(0, 3).join("; ");
    return { ok: false, why: (msgs || e.message).slice(0, 160) };
  }
}

function duBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) total += duBytes(p);
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

function runCmd(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function sizes() {
  const ours = await measureAll();
  const theirs = await theirsBundle();
  // It needs Node built-ins (url, http, …): leaving them out gives a size, of a bundle that cannot run.
  const theirsNoBuiltins = theirs.ok ? null : await theirsBundle({ external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)] });
  // Ours: what `npm pack` ships (no dependencies).
  const pack = JSON.parse(await runCmd("npm", ["pack", "--dry-run", "--json"], join(root, "node_modules/hubspot-associations")));
  const oursInstall = { bytes: pack[0].unpackedSize, count: 1 };
  const theirsInstall = installSize("@hubspot/api-client");
  log(`size: browser ${ours.browser.totalGz} B gz (JS ${ours.browser.jsGz} + wasm ${ours.browser.wasmGz}), inline ${ours.inline.totalGz} B gz, mock wasm ${ours.mock.map((m) => m.gz).join("+")} B gz`);
  return { ours, theirs, theirsNoBuiltins, oursInstall, theirsInstall };
}

// ---------------------------------------------------------------- 4. start
async function start() {
  const srv = await serverProcess({ options: { accessToken: TOKEN } });
  try {
    const xs = Object.fromEntries(WHO.map((w) => [w, []]));
    // Interleaved, one fresh node each.
    for (let i = 0; i < P.starts; i++) for (const who of WHO) xs[who].push(JSON.parse(await node([join(here, "start-cpu-child.mjs"), who, srv.url, TOKEN])));
    const res = Object.fromEntries(WHO.map((w) => [w, { cpuMs: median(xs[w].map((x) => x.cpuMs)), ms: median(xs[w].map((x) => x.ms)) }]));
    // The ratios: medians of each start's ratio (the three started one after the other).
    res.vsFetch = median(xs.ours.map((x, i) => x.cpuMs / xs.fetch[i].cpuMs));
    res.vsTheirs = median(xs.ours.map((x, i) => x.cpuMs / xs.theirs[i].cpuMs));
    res.contractVsFetch = median(xs.contract.map((x, i) => x.cpuMs / xs.fetch[i].cpuMs));
    log(`start: ${JSON.stringify(res)}`);
    return res;
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- 5. memory
// Each client reads the same associations (`from` records with `per` each) in a fresh process,
// runs interleaved; the median by peak.
async function memory(from = P.readFrom, per = P.readPer, who = WHO) {
  const srv = await serverProcess({ options: { accessToken: TOKEN }, seedAssoc: { from, perFrom: per, labelled: true } });
  try {
    const runs = Object.fromEntries(who.map((w) => [w, []]));
    for (let r = 0; r < P.memRuns; r++) {
      // Interleaved, in a rotating order.
      for (const w of who.map((_, i) => who[(i + r) % who.length])) {
        runs[w].push(JSON.parse(await node([join(here, "memory-child.mjs"), w, srv.url, TOKEN, String(from)])));
      }
    }
    const out = Object.fromEntries(Object.entries(runs).map(([w, rs]) => [w, [...rs].sort((a, b) => a.peakKb - b.peakKb)[rs.length >> 1]]));
    for (const [w, r] of Object.entries(out)) {
      if (r.read !== from * per) throw new Error(`memory: ${w} read ${r.read} associations, not ${from * per}`);
    }
    log(`memory (${from} × ${per}): ${JSON.stringify(runs)}`);
    return out;
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- 2b. pacing at a short window (issue 9)
// A server announcing 10 requests per 1 s, over HTTP; 6,000 pairs are 60 chunks: floor 6 s.
async function pacing() {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: { maxRequests: 10, intervalMs: 1000 }, port: 0 });
  const pairs = QUICK ? 1_000 : 6_000;
  const inputs = Array.from({ length: pairs }, (_, i) => ({ from: { id: String(i + 1) }, to: { id: String(2_000_000 + i + 1) } }));
  const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, apiVersion: "v4" });
  const t0 = performance.now();
  await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs });
  const wallS = (performance.now() - t0) / 1000;
  const stats = server.mock.stats();
  await server.close();
  const r = { pairs, wallS, floorS: pairs / 100 / 10, r429: stats.rateLimited, max429: stats.max429InAnyWindow };
  log(`pacing: ${JSON.stringify(r)}`);
  return r;
}

// ---------------------------------------------------------------- 2c. many workers, one token (issue 12)
// Four Node processes (bench/workers-child.mjs: started, connected and warmed, then told "go" at
// once), one token, one emulator server at 100 requests per 10 s: with the Redis store of
// hubspot-associations/redis, and each pacing alone.
async function manyWorkers() {
  const workers = 4;
  const pairs = QUICK ? 250 : 5_000;
  let redis;
  try {
    redis = await startRedis();
  } catch (e) {
    log(`many workers: skipped (${e.message})`);
    return { skipped: e.message };
  }
  const one = async (useRedis) => {
    const token = `${TOKEN}-${useRedis ? "redis" : "alone"}`;
    const server = await startMockServer({ accessToken: token, rateLimit: RATE, port: 0 });
    try {
      const { wallMs, outs } = await runWorkers({ baseUrl: server.url, token, workers, pairs, redisUrl: useRedis ? redis.url : undefined });
      const stats = server.mock.stats();
      const have = new Set(server.mock.state().associations.filter((a) => a.fromObjectTypeId === "0-1").map((a) => `${a.fromObjectId}>${a.toObjectId}`));
      let missing = 0;
      for (let i = 0; i < workers * pairs; i++) if (!have.has(`${i + 1}>${5_000_000 + i + 1}`)) missing++;
      const r = { wallS: wallMs / 1000, requests: stats.requests, r429: stats.rateLimited, max429: stats.max429InAnyWindow, missing, errors: outs.filter((o) => !o.ok).length, fallbacks: outs.reduce((n, o) => n + o.fallback.length, 0) };
      log(`many workers (${useRedis ? "Redis store" : "each alone"}): ${JSON.stringify(r)}`);
      return r;
    } finally {
      await server.close();
    }
  };
  try {
    const floorS = floorMs((workers * pairs) / 100, RATE) / 1000;
    return { workers, pairs, floorS, redis: await one(true), alone: await one(false) };
  } finally {
    await redis.stop();
  }
}

// ---------------------------------------------------------------- run
const t0 = performance.now();
const load0 = loadavg();
log(QUICK ? "quick run" : "full run");
const pc = await perCall();
const bulk = { ours: await bulkOne("ours"), theirs: await bulkOne("theirs") };
const pace = await pacing();
const many = await manyWorkers();
const size = await sizes();
const st = await start();
const memAll = await memory();
const mem = memAll.ours;
// One large page: every association of 1,000 records in the first pass (about 20 MB of JSON).
const BIG = QUICK ? { from: 200, per: 200 } : { from: 1_000, per: 200 };
const memBig = await memory(BIG.from, BIG.per, ["ours", "contract"]);
// The command line (issue 11): associate FILE --emulator at two sizes, to show memory flat in the rows.
const CLI_SIZES = QUICK ? [1_000, 5_000] : [10_000, 100_000];
const cliRuns = await cliBench(CLI_SIZES);
log(`cli: ${JSON.stringify(cliRuns)}`);
const bd = await breakdown();
const load1 = loadavg();

// ---------------------------------------------------------------- tables
const f0 = (x) => Math.round(x).toLocaleString("en-US");
const f1 = (x) => x.toFixed(1);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "—");
const x2 = (r) => `${r.toFixed(2)}×`;
const met = (ok) => (ok ? "✅ met" : "❌ not yet");

const cpu = cpus();
const commit = await runCmd("git", ["rev-parse", "--short", "HEAD"], root).then((s) => s.trim(), () => "?");
const dirty = await runCmd("git", ["status", "--porcelain", "--", "src", "js", "scripts", "Cargo.toml", "Cargo.lock"], root).then((s) => (s.trim() ? " (with uncommitted changes to the sources)" : ""), () => "");
const theirsVersion = version("@hubspot/api-client");
const readN = P.readFrom * P.readPer;
const sb = size.ours.browser, si = size.ours.inline, sm = size.ours.mock;
const mockGz = sm.reduce((s, m) => s + m.gz, 0);
const mockClean = [sb, si].every((b) => !b.mockInputs.length && !b.mockAssets.length && !b.mockInlined);
const tb = size.theirs.ok ? size.theirs : size.theirsNoBuiltins?.ok ? size.theirsNoBuiltins : null;
const tMark = size.theirs.ok ? "" : " †";
const rssMb = (mem.peakKb * 1024) / 1024 / 1024;

const lines = [];
const L = (s = "") => lines.push(s);
L(`## Benchmarks: hubspot-associations vs @hubspot/api-client ${theirsVersion}${QUICK ? " (QUICK run: few calls, 1 round, small bulk — not for quoting)" : ""}`);
L();
L(`- date: ${new Date().toISOString()}; commit ${commit}${dirty}`);
L(`- machine: ${cpu[0]?.model?.trim() ?? "?"}, ${cpu.length} cores, ${mb(totalmem())} memory, ${platform()} ${release()} ${arch()}; load average ${load0[0].toFixed(2)} at the start, ${load1[0].toFixed(2)} at the end`);
L(`- versions: node ${process.version}, hubspot-associations ${version("hubspot-associations")}, @hubspot/api-client ${theirsVersion}, esbuild ${(await import("esbuild")).version}`);
L(`- emulator: loopback server (startMockServer) in a separate process for per-call, start and memory; in-process for bulk`);
L();
L(`### Issue 10: the figures held to a goal`);
L();
L(`| figure | ours | theirs | bare fetch | contract floor ‡ | ours/theirs | ours/bare fetch | goal | |`);
L(`|---|---:|---:|---:|---:|---:|---:|---|---|`);
for (const r of pc.filter((r) => r.goal)) {
  L(`| ${r.label}, concurrency ${r.conc}: client CPU µs/call | ${f0(r.ours.cpu)} | ${f0(r.theirs.cpu)} | ${f0(r.fetch.cpu)} | ${f0(r.contract.cpu)} (${x2(r.contractVsTheirs)} theirs) | ${x2(r.vsTheirs)} | ${x2(r.vsFetch)} | ≤ ${GOAL.perCall}× theirs | ${met(r.vsTheirs <= GOAL.perCall)} |`);
}
const startVsFetch = st.vsFetch;
L(`| start: fresh node, import, first call completed: CPU ms | ${f0(st.ours.cpuMs)} | ${f0(st.theirs.cpuMs)} | ${f0(st.fetch.cpuMs)} | ${f0(st.contract.cpuMs)} (${x2(st.contractVsFetch)} bare) | ${x2(st.vsTheirs)} | ${x2(startVsFetch)} | ≤ ${GOAL.start}× bare | ${met(startVsFetch <= GOAL.start)} |`);
const memFloorMb = (memAll.contract.peakKb * 1024) / 1024 / 1024;
L(`| peak RSS reading ${f0(readN)} associations (\`batchRead\`, \`allPages\`) | ${mb(mem.peakKb * 1024)} | ${mb(memAll.theirs.peakKb * 1024)} | ${mb(memAll.fetch.peakKb * 1024)} | ${mb(memAll.contract.peakKb * 1024)} | ${ratio(mem.peakKb, memAll.theirs.peakKb)} | ${ratio(mem.peakKb, memAll.fetch.peakKb)} | ≤ ${GOAL.rssMb} MB${readN !== 100_000 ? " (for 100,000)" : ""} | ${readN !== 100_000 ? "n/a (quick)" : rssMb <= GOAL.rssMb ? met(true) : memFloorMb > GOAL.rssMb ? "❌ below the contract floor" : met(false)} |`);
L(`| default browser entry, esbuild bundle gzipped: JS + the .wasm it loads | ${kb(sb.totalGz)} (${kb(sb.jsGz)} + ${kb(sb.wasmGz)}) | ${tb ? kb(tb.jsGz) + tMark : "cannot bundle"} | — | — | ${tb ? ratio(sb.totalGz, tb.jsGz) : "—"} | — | ≤ 80 KB | ${met(sb.totalGz <= BUDGET.browser)} |`);
L(`| \`/inline\`, esbuild bundle gzipped (wasm as hex text inside) | ${kb(si.totalGz)} | — | — | — | — | — | ≤ 110 KB | ${met(si.totalGz <= BUDGET.inline)} |`);
L(`| the emulator's wasm (\`/mock\`), gzipped, on its own | ${kb(mockGz)} | — | — | — | — | — | never in the client bundles | ${mockClean ? "✅ not in either" : "❌ reached a client bundle"} |`);
L();
L(`‡ The contract floor: what design.md's contract makes every client of it do, and nothing more, run in the same rounds as the others. ` +
  `Per call (bench/percall-child.mjs \`contract\`): Node's global \`fetch\` (the default transport), each attempt cancellable by its timeout (an \`AbortController\` aborted by a timer, cleared with the answer), the rate-limit and \`Retry-After\` headers read, the JSON parsed, and each \`toObjectId\` made an exact string; no checks, limiter, retries or events. ` +
  `Start (bench/start-cpu-child.mjs \`contract\`): the bare fetch, after reading and compiling the client's .wasm (the contract makes the client a wasm module; the size of this one is ours). ` +
  `Memory (bench/memory-child.mjs \`contract\`): the bare-fetch loop with each attempt cancellable and each \`toObjectId\` an exact string (HubSpot sends numbers; "ids stay lossless strings"). ` +
  `A goal below its contract floor cannot be met by any client that keeps the contract.`);
L();
L(`### Other figures`);
L();
L(`| figure | ours | theirs | ours/theirs | bare fetch |`);
L(`|---|---:|---:|---:|---:|`);
for (const r of pc) {
  L(`| ${r.label}, concurrency ${r.conc}: requests/s | ${f0(r.ours.rps)} | ${f0(r.theirs.rps)} | ${ratio(r.ours.rps, r.theirs.rps)} | ${f0(r.fetch.rps)} |`);
  if (!r.goal) L(`| ${r.label}, concurrency ${r.conc}: client CPU µs/call | ${f0(r.ours.cpu)} | ${f0(r.theirs.cpu)} | ${x2(r.vsTheirs)} | ${f0(r.fetch.cpu)} |`);
}
const floorS = (P.pairs / 100 / RATE.maxRequests) * (RATE.intervalMs / 1000);
L(`| bulk ${f0(P.pairs)} pairs (100 req/10 s, 5 % 5xx): wall s (floor ${f1(floorS)} s) | ${f1(bulk.ours.wallS)} | ${f1(bulk.theirs.wallS)} | ${ratio(bulk.ours.wallS, bulk.theirs.wallS)} | |`);
L(`| bulk: requests sent | ${bulk.ours.requests} | ${bulk.theirs.requests} | ${ratio(bulk.ours.requests, bulk.theirs.requests)} | |`);
L(`| bulk: 429s received | ${bulk.ours.r429} | ${bulk.theirs.r429} | — | |`);
L(`| bulk: 5xx injected | ${bulk.ours.faults} | ${bulk.theirs.faults} | — | |`);
L(`| bulk: pairs missing afterwards | ${bulk.ours.missing} | ${bulk.theirs.missing} | — | |`);
L(`| pacing at 10 req / 1 s, ${f0(pace.pairs)} pairs over HTTP: wall s (floor ${f1(pace.floorS)} s) | ${f1(pace.wallS)} (${x2(pace.wallS / pace.floorS)} the floor) | — | — | |`);
L(`| pacing: 429s (most in one window) | ${pace.r429} (${pace.max429}) | — | — | |`);
L(`| start: fresh node to first completed call, wall ms | ${f0(st.ours.ms)} | ${f0(st.theirs.ms)} | ${ratio(st.ours.ms, st.theirs.ms)} | ${f0(st.fetch.ms)} |`);
L(`| wasm memory after reading ${f0(readN)} associations (kept for the life of the process) | ${mb(mem.wasmKb * 1024)} | — | — | |`);
L(`| peak RSS reading ${f0(BIG.from * BIG.per)} associations of ${f0(BIG.from)} records, all in the first page (\`allPages\`) | ${mb(memBig.ours.peakKb * 1024)} (contract floor ‡ ${mb(memBig.contract.peakKb * 1024)}) | — | — | |`);
L(`| wasm memory after that read (kept for the life of the process) | ${mb(memBig.ours.wasmKb * 1024)} | — | — | |`);
L(`| peak RSS before the read (client loaded, one call made) | ${mb(mem.baselineKb * 1024)} | ${mb(memAll.theirs.baselineKb * 1024)} | ${ratio(mem.baselineKb, memAll.theirs.baselineKb)} | ${mb(memAll.fetch.baselineKb * 1024)} |`);
L(`| browser bundle, uncompressed: JS + .wasm | ${kb(sb.js + sb.assets.reduce((s, a) => s + a.bytes, 0))} | ${tb ? kb(tb.js) + tMark : "—"} | ${tb ? ratio(sb.js + sb.assets.reduce((s, a) => s + a.bytes, 0), tb.js) : "—"} | |`);
L(`| install size with dependencies | ${mb(size.oursInstall.bytes)} (${size.oursInstall.count} pkg) | ${mb(size.theirsInstall.bytes)} (${size.theirsInstall.count} pkgs) | ${ratio(size.oursInstall.bytes, size.theirsInstall.bytes)} | |`);
L();
L(`### Many workers, one token (issue 12)`);
L();
if (many.skipped) {
  L(`Skipped: ${many.skipped}.`);
} else {
  L(`| ${many.workers} processes × ${f0(many.pairs)} pairs, one token, ${RATE.maxRequests} requests / ${RATE.intervalMs / 1000} s | Redis store (\`rateLimit: {store}\`) | each process alone |`);
  L(`|---|---:|---:|`);
  L(`| wall s (floor ${f1(many.floorS)} s) | ${f1(many.redis.wallS)} (${x2(many.redis.wallS / many.floorS)} the floor) | ${f1(many.alone.wallS)} (${x2(many.alone.wallS / many.floorS)} the floor) |`);
  L(`| requests sent | ${many.redis.requests} | ${many.alone.requests} |`);
  L(`| 429s received (most in one window) | ${many.redis.r429} (${many.redis.max429}) | ${many.alone.r429} (${many.alone.max429}) |`);
  L(`| pairs missing afterwards | ${many.redis.missing} | ${many.alone.missing} |`);
  L();
  L(`Each worker is a Node process with its own client (bench/workers-child.mjs), started, connected to Redis (Debian's redis-server on a loopback port) and warmed by one call through a stub fetch; all are then told to start at once, and the wall time runs from then to the last worker's answer. ` +
    `The emulator's server runs in the bench's process. The floor is the requests at the steady rate of the window, as for bulk above: a job that fits in two windows can beat it by using all of both, as the processes pacing alone do, at the price of 429s (each believes it has the whole allowance).`);
}
L();
L(`Per-call: each client runs in its own process (bench/percall-child.mjs) against the emulator in another; ` +
  `${P.calls.associateDefault} associateDefault or ${P.calls.batchRead} batchRead calls a round, ${P.rounds} round(s) interleaved between the four processes in a rotating order, after ${P.warm} warm-up calls each. ` +
  `CPU is the client process's user+system time (all its threads) per call, median of the rounds; the ratios are the medians of each round's ratio. ` +
  `The batch read asks for 100 contacts with ${PER_FROM} companies each; the emulator answers as HubSpot's v4 does: \`toObjectId\` as a JSON number, type 1 labelled "Primary", a user-defined label, and \`label: null\` on type 279 (checked for each client before timing). ` +
  `"Bare fetch" is Node's global \`fetch\` sending the same request and parsing the JSON, with no client: the floor for a client built on it. ` +
  `Ours: the node entry, \`apiVersion: "v4"\`, defaults otherwise; theirs: \`new Client({accessToken, basePath})\` (no limiter unless \`limiterOptions\` is given, no retries). ` +
  `Start: a fresh \`node\` (bench/start-cpu-child.mjs) imports the client and completes one associateDefault; CPU is its process's user+system time (all threads, wasm compilation included) until then, median of ${P.starts} interleaved starts; the ratios are the medians of each start's ratio. ` +
  `Memory: bench/memory-child.mjs reads every association of ${P.readFrom} contacts (${f0(P.readPer)} each, HubSpot-shaped), every page followed, in a fresh process: ours with one \`batchRead({allPages: true})\`; theirs (which has no allPages) and bare fetch (\`response.json()\`, no client) by a loop sending each input again with its \`after\` and appending the pages to its record's result; peak RSS is \`process.resourceUsage().maxRSS\`, the median of ${P.memRuns} interleaved run(s) each; ours' wasm memory is its size after the read (a wasm memory never shrinks). ` +
  `The one-page read: ${f0(BIG.from)} records with ${f0(BIG.per)} associations each, all in the first page (under the 500 per record a page holds), ours against the contract floor only. ` +
  `Bulk: ours one \`batchCreateDefault\`; theirs \`batchApi.createDefault\` per 100 pairs, all started at once, with \`numberOfApiCallRetries: 3, limiterOptions: {minTime: 100, maxConcurrent: 4}\`. ` +
  `Floor: ${f0(P.pairs / 100)} requests at the steady rate of ${RATE.maxRequests} per ${RATE.intervalMs / 1000} s (a job that fits in one window can beat it: the window starts full). ` +
  `Size (bench/bundle.mjs, also tests/js/size.test.mjs): a one-call app importing the entry, bundled by esbuild with \`bundle, minify, format: "esm", platform: "browser"\`, gzip level 9; ` +
  `the default entry loads its .wasm from \`new URL(…, import.meta.url)\`, which esbuild neither emits nor rewrites: the file is found from the bundle's inputs and its gzipped size added. KB are 1,024 bytes.` +
  (size.theirs.ok ? " Theirs bundles but is not run in a browser here." : ` † Theirs cannot be bundled for the browser as is (esbuild: ${size.theirs.why}); its size is of the bundle with Node's built-ins left external, which cannot run in a browser.`) +
  ` Install: ours is \`npm pack\`'s unpacked size (client and emulator wasm, no dependencies); theirs is its directory plus every production dependency as installed.` +
  (theirsVersion.startsWith("14.") && Number(process.versions.node.split(".")[0]) < 22 ? ` @hubspot/api-client ${theirsVersion} declares node ≥ 22 and runs here on ${process.version}.` : ""));
L();
L(`### The command line (issue 11)`);
L();
L(`| figure | rows | wall s | rows/s | requests | peak RSS | goal | |`);
L(`|---|---:|---:|---:|---:|---:|---|---|`);
for (const r of cliRuns) {
  L(`| CLI \`associate FILE --emulator\` (no rate limit) | ${f0(r.rows)} | ${f1(r.wallS)} | ${f0(r.rowsPerS)} | ${f0(r.requests)} | ${f1(r.peakMb)} MB | ≤ ${CLI_GOAL_MB} MB, flat | ${QUICK ? "n/a (quick)" : met(r.peakMb <= CLI_GOAL_MB)} |`);
}
L();
L(`Each size runs \`hubspot-associations associate pairs.csv --emulator --progress json\` (pkg/bin/cli.js) in a fresh process (bench/cli-child.mjs): ` +
  `it validates the whole CSV, then sends it in chunks of 100 to the embedded emulator; wall time includes starting node and loading both wasm modules. Peak RSS is \`process.resourceUsage().maxRSS\`.`);
L();
L(`### Where the client's wasm bytes go`);
L();
L(breakdownMarkdown(bd));

const current = {
  date: new Date().toISOString(),
  commit: commit + (dirty ? "+dirty" : ""),
  node: process.version,
  apiClient: theirsVersion,
  quick: QUICK,
  sizes: size.ours,
  breakdown: bd,
  perf: {
    perCall: pc.map(({ label, conc, ours, theirs, fetch, vsTheirs, vsFetch }) => ({ label, conc, ours: ours.cpu, theirs: theirs.cpu, fetch: fetch.cpu, vsTheirs, vsFetch })),
    start: st,
    memory: { ...mem, readN },
  },
};

/** Per-call, start and memory before → after (from bench/before.json's perf). */
function perfBeforeAfter(b, a) {
  const R = [`| figure | before | after |`, `|---|---:|---:|`];
  for (const r of a.perCall) {
    const o = b.perCall.find((x) => x.label === r.label && x.conc === r.conc);
    R.push(`| ${r.label}, c=${r.conc}: CPU ours/theirs (ours/bare fetch) | ${o ? `${x2(o.vsTheirs)} (${x2(o.vsFetch)})` : "—"} | ${x2(r.vsTheirs)} (${x2(r.vsFetch)}) |`);
  }
  const sv = (x) => x.vsFetch ?? x.ours.cpuMs / x.fetch.cpuMs;
  R.push(`| start CPU: ours/bare node | ${x2(sv(b.start))} | ${x2(sv(a.start))} |`);
  R.push(`| peak RSS reading ${f0(a.memory.readN)} associations | ${b.memory.readN === a.memory.readN ? mb(b.memory.peakKb * 1024) : "—"} | ${mb(a.memory.peakKb * 1024)} |`);
  return R.join("\n");
}

const beforePath = join(here, "before.json");
if (existsSync(beforePath) && !SAVE_BEFORE) {
  const before = JSON.parse(readFileSync(beforePath, "utf8"));
  L();
  L(`### Before → after (before: bench/before.json, commit ${before.commit}, ${before.date.slice(0, 10)}, @hubspot/api-client ${before.apiClient})`);
  L();
  L(beforeAfterMarkdown(before, current));
  if (before.perf && !before.quick) {
    L();
    L(perfBeforeAfter(before.perf, current.perf));
  }
}

const table = lines.join("\n");
console.log(table);
if (!QUICK) writeFileSync(join(here, "RESULTS.md"), table + "\n");
if (SAVE_BEFORE) {
  writeFileSync(beforePath, JSON.stringify(current, null, 1) + "\n");
  const B = [];
  B.push(`## Before issue 10's redesign (bench/before.json)`);
  B.push("");
  B.push(`Measured ${current.date} on commit ${current.commit}, node ${current.node}, @hubspot/api-client ${current.apiClient}${QUICK ? " (QUICK run: the per-call, start and memory figures are not for quoting)" : ""}. bench/run.mjs prints these beside each later run's.`);
  B.push("");
  B.push(`| size, gzipped (esbuild, minify) | before |`, `|---|---:|`);
  B.push(`| default browser entry: JS | ${kb(sb.jsGz)} |`, `| default browser entry: .wasm it loads | ${kb(sb.wasmGz)} |`, `| **default browser entry: JS + .wasm** (budget 80 KB) | ${kb(sb.totalGz)} |`);
  B.push(`| **\`/inline\`** (budget 110 KB) | ${kb(si.totalGz)} |`, `| the emulator's wasm (\`/mock\`) | ${kb(mockGz)} |`);
  B.push("");
  B.push(`| per call, start, memory | before |`, `|---|---:|`);
  for (const r of pc) B.push(`| ${r.label}, c=${r.conc}: CPU µs/call ours / theirs / bare fetch; ours/theirs (ours/bare) | ${f0(r.ours.cpu)} / ${f0(r.theirs.cpu)} / ${f0(r.fetch.cpu)}; ${x2(r.vsTheirs)} (${x2(r.vsFetch)}) |`);
  B.push(`| start CPU ms ours / theirs / bare node; ours/bare | ${f0(st.ours.cpuMs)} / ${f0(st.theirs.cpuMs)} / ${f0(st.fetch.cpuMs)}; ${x2(startVsFetch)} |`);
  B.push(`| peak RSS reading ${f0(readN)} associations with allPages | ${mb(mem.peakKb * 1024)} |`);
  B.push("");
  B.push(breakdownMarkdown(bd));
  writeFileSync(join(here, "BEFORE.md"), B.join("\n") + "\n");
  log(`wrote bench/before.json and bench/BEFORE.md`);
}
log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
