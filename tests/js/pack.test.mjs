// The package as users get it: `npm pack` of pkg/, installed from the tarball into a fresh folder
// outside the repository, then used from a Node ESM script (`import`) and a CJS script (`require`)
// against the emulator's loopback server (the installed package's own `/mock` and its bin).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
const npmEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

let dir;
let app;
let tarball;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hs-pack-"));
  const { stdout } = await run("npm", ["pack", pkgDir, "--pack-destination", dir, "--json", "--loglevel=error"], { env: npmEnv, cwd: dir, timeout: 60_000 });
  tarball = path.join(dir, JSON.parse(stdout)[0].filename);
  app = path.join(dir, "app");
  await run("mkdir", [app]);
  await writeFile(path.join(app, "package.json"), JSON.stringify({ name: "pack-check", private: true, version: "0.0.0" }));
  await run("npm", ["install", tarball, "--no-save", "--loglevel=error"], { env: npmEnv, cwd: app, timeout: 90_000 });
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the tarball holds the entries, the wasm, the types and no sources", async () => {
  const files = await readdir(path.join(app, "node_modules/hubspot-associations"), { recursive: true });
  for (const f of ["package.json", "node.js", "node.cjs", "browser.js", "inline.js", "mock.js", "mock.cjs", "index.d.ts", "index.d.cts", "inline.cjs", "inline.d.ts", "inline.d.cts",
    "wasm/hubspot_associations_bg.wasm", "mock-wasm/hubspot_associations_mock_bg.wasm", "bin/mock-server.js", "README.md",
    "redis.js", "redis.cjs", "redis.d.ts", "redis.d.cts"]) {
    assert.ok(files.includes(f), `${f} is in the installed package`);
  }
  // `redis` is an optional peer dependency: only hubspot-associations/redis uses it.
  const pkg = JSON.parse(await readFile(path.join(app, "node_modules/hubspot-associations/package.json"), "utf8"));
  assert.ok(pkg.peerDependencies?.redis, "redis is a peer dependency");
  assert.deepEqual(pkg.peerDependenciesMeta?.redis, { optional: true });
  assert.equal(pkg.dependencies, undefined, "no runtime dependencies");
  assert.ok(!files.some((f) => f.startsWith("node_modules")), "nothing bundled with it");
  assert.ok(!files.some((f) => f.endsWith(".rs")), "no Rust sources");
});

const ESM = `
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";

const server = await startMockServer({ accessToken: "test", port: 0 });
try {
  const hs = new HubSpotAssociations({ accessToken: "test", baseUrl: server.url });
  const created = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" });
  const listed = await hs.listAssociations({ objectType: "contacts", objectId: "101", toObjectType: "companies" });
  const refused = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "x", toObjectType: "companies", toObjectId: "202" })
    .then(() => null, (e) => isHubSpotError(e) && e.kind);
  console.log(JSON.stringify({ typeId: created.results[0].associationSpec.associationTypeId, listed: listed.results.map((r) => r.toObjectId), refused }));
} finally {
  await server.close();
}
`;

const CJS = `
const { HubSpotAssociations, isHubSpotError } = require("hubspot-associations");

(async () => {
  const hs = new HubSpotAssociations({ accessToken: "test", baseUrl: process.argv[2] });
  const created = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" });
  const listed = await hs.listAssociations({ objectType: "contacts", objectId: "101", toObjectType: "companies" });
  const refused = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "x", toObjectType: "companies", toObjectId: "202" })
    .then(() => null, (e) => isHubSpotError(e) && e.kind);
  // The inline entry has a CommonJS twin too (the wasm from base64 inside the JS).
  const inline = require("hubspot-associations/inline");
  await new inline.HubSpotAssociations({ accessToken: "test", baseUrl: process.argv[2] })
    .associateDefault({ fromObjectType: "contacts", fromObjectId: "103", toObjectType: "companies", toObjectId: "202" });
  console.log(JSON.stringify({ typeId: created.results[0].associationSpec.associationTypeId, listed: listed.results.map((r) => r.toObjectId), refused }));
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;

const EXPECTED = { typeId: 279, listed: ["202"], refused: "invalid_input" };

// Installed without the optional `redis`: hubspot-associations/redis still loads (ESM and CJS);
// a store made from a URL says what is missing, and the client paces alone (a fallback event).
const NO_REDIS = `
import { HubSpotAssociations } from "hubspot-associations";
import { createRedisStore } from "hubspot-associations/redis";
import { startMockServer } from "hubspot-associations/mock";
import { createRequire } from "node:module";

const cjs = createRequire(import.meta.url)("hubspot-associations/redis");
const server = await startMockServer({ accessToken: "test", port: 0 });
const store = createRedisStore("redis://127.0.0.1:6379");
try {
  const events = [];
  const hs = new HubSpotAssociations({ accessToken: "test", baseUrl: server.url, rateLimit: { store }, onEvent: (e) => e.type === "fallback" && events.push(e.message) });
  const created = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" });
  console.log(JSON.stringify({ cjs: typeof cjs.createRedisStore, typeId: created.results[0].associationSpec.associationTypeId, events }));
} finally {
  await store.close().catch(() => {});
  await server.close();
}
`;

test("ESM import from the installed package, against startMockServer from its /mock", { timeout: 60_000 }, async () => {
  await writeFile(path.join(app, "esm.mjs"), ESM);
  const { stdout } = await run(process.execPath, ["esm.mjs"], { cwd: app, timeout: 30_000 });
  assert.deepEqual(JSON.parse(stdout), EXPECTED);
});

test("CJS require from the installed package, against its `hubspot-associations-mock` bin", { timeout: 60_000 }, async () => {
  await writeFile(path.join(app, "cjs.cjs"), CJS);
  const bin = spawn(path.join(app, "node_modules/.bin/hubspot-associations-mock"), ["--port", "0", "--access-token", "test"], {
    cwd: app, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      bin.stdout.on("data", (c) => {
        out += c;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) resolve(m[1]);
      });
      bin.once("exit", (code) => reject(new Error(`the mock server exited (${code}): ${out}`)));
    });
    const { stdout } = await run(process.execPath, ["cjs.cjs", url], { cwd: app, timeout: 30_000 });
    assert.deepEqual(JSON.parse(stdout), EXPECTED);
  } finally {
    if (bin.exitCode === null) {
      const exited = new Promise((resolve) => bin.once("exit", resolve));
      bin.kill("SIGTERM");
      await exited;
    }
  }
});

test("without the optional redis package: /redis loads, and a store from a URL falls back with a reason", { timeout: 60_000 }, async () => {
  await writeFile(path.join(app, "no-redis.mjs"), NO_REDIS);
  const { stdout } = await run(process.execPath, ["no-redis.mjs"], { cwd: app, timeout: 30_000 });
  const out = JSON.parse(stdout);
  assert.equal(out.cjs, "function");
  assert.equal(out.typeId, 279);
  assert.equal(out.events.length, 1);
  assert.match(out.events[0], /needs the `redis` package for a URL \(npm install redis\)/);
});
