// Issue 11, "From an npm pack install outside the repo": the tarball of pkg/ installed into a fresh
// folder; `npx hubspot-associations` there prints its usage (and each command's); a 2,500-row
// associate against the installed `hubspot-associations-mock` bin exits 0 and the mock holds every
// pair; the same file with a malformed row exits 2 and the mock's request log (--log) shows nothing
// sent. Then the README's "Command line" transcript is run there, as written.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { TOKEN, cliEnv, pairs, writePairsCsv } from "./helpers/cli.mjs";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const npmEnv = cliEnv({ npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_loglevel: "error" });

let dir;
let app;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hs-cli-pack-"));
  const { stdout } = await run("npm", ["pack", path.join(root, "pkg"), "--pack-destination", dir, "--json"], { env: npmEnv, cwd: dir, timeout: 60_000 });
  const tarball = path.join(dir, JSON.parse(stdout)[0].filename);
  app = path.join(dir, "app");
  await run("mkdir", [app]);
  await writeFile(path.join(app, "package.json"), JSON.stringify({ name: "cli-check", private: true, version: "0.0.0" }));
  await run("npm", ["install", tarball, "--no-save"], { env: npmEnv, cwd: app, timeout: 90_000 });
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `npx hubspot-associations …` in the app folder; never rejects. */
function npx(args, env = npmEnv) {
  return run("npx", ["hubspot-associations", ...args], { cwd: app, env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

test("the installed package has the bin, and the library still has no dependencies", async () => {
  const pkg = JSON.parse(await readFile(path.join(app, "node_modules/hubspot-associations/package.json"), "utf8"));
  assert.deepEqual(pkg.bin, { "hubspot-associations": "./bin/cli.js", "hubspot-associations-mock": "./bin/mock-server.js" });
  assert.equal(pkg.dependencies, undefined);
  assert.deepEqual((await readdir(path.join(app, "node_modules"))).filter((n) => !n.startsWith(".")), ["hubspot-associations"]);
  // csv-parse lives inside the bin only.
  const files = await readdir(path.join(app, "node_modules/hubspot-associations"), { recursive: true });
  for (const f of files.filter((f) => /\.(c|m)?js$/.test(f) && f !== "bin/cli.js")) {
    assert.ok(!(await readFile(path.join(app, "node_modules/hubspot-associations", f), "utf8")).includes("csv-parse"), f);
  }
  const v = await npx(["--version"]);
  assert.equal(v.stdout, `${pkg.version}\n`);
});

test("npx hubspot-associations --help, and each command's --help, print usage", { timeout: 60_000 }, async () => {
  const top = await npx(["--help"]);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^Usage: hubspot-associations <command> \[options\]/);
  for (const c of ["associate", "remove", "unlabel", "export", "labels", "limits"]) assert.match(top.stdout, new RegExp(`\\n  ${c} `));
  for (const [c, usage] of [["associate", "associate FILE|-"], ["remove", "remove FILE|-"], ["unlabel", "unlabel FILE|-"],
    ["export", "export FILE|- --to TYPE"], ["labels", "labels <action> FROM TO"], ["limits", "limits <action> [FROM TO]"]]) {
    for (const flag of ["--help", "-h"]) {
      const r = await npx([c, flag]);
      assert.equal(r.code, 0, `${c} ${flag}: ${r.stderr}`);
      assert.ok(r.stdout.startsWith(`Usage: hubspot-associations ${usage} [options]\n`), `${c} ${flag}: ${r.stdout.slice(0, 100)}`);
      assert.match(r.stdout, /Exit codes: 0 everything succeeded/);
    }
  }
  const none = await npx([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^Usage: hubspot-associations/);
});

/** Starts the installed `hubspot-associations-mock` bin with --log; its log lines collect in `log`. */
async function startMockBin(args) {
  const bin = spawn(path.join(app, "node_modules/.bin/hubspot-associations-mock"), ["--port", "0", "--log", ...args], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  bin.stderr.setEncoding("utf8").on("data", (d) => log.push(...d.split("\n").filter(Boolean)));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    bin.stdout.on("data", (c) => {
      out += c;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    bin.once("exit", (code) => reject(new Error(`the mock server exited (${code}): ${out}`)));
  });
  return {
    url,
    log,
    async stop() {
      if (bin.exitCode !== null) return;
      const exited = new Promise((resolve) => bin.once("exit", resolve));
      bin.kill("SIGTERM");
      await exited;
    },
  };
}

test("associate 2,500 rows against the installed mock bin: exit 0, every pair there; a malformed row: exit 2, nothing sent", { timeout: 90_000 }, async () => {
  const mock = await startMockBin(["--access-token", TOKEN]);
  try {
    const list = pairs(2_500);
    await writePairsCsv(path.join(app, "pairs.csv"), list);
    const env = { ...npmEnv, HUBSPOT_TOKEN: TOKEN };
    const ok = await npx(["associate", "pairs.csv", "--base-url", mock.url], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /^associate: 2,500 rows in [\d.]+ s \([\d,]+ rows\/s\): 2,500 associated, 0 failed; 25 requests, 0 retries, 0 429s\n$/);
    assert.equal(mock.log.filter((l) => /^POST \/crm\/associations\/2026-03\/contacts\/companies\/batch\/associate\/default -> 200$/.test(l)).length, 25);

    // The mock's state, read back through its API with the installed client: every pair, nothing else.
    await writeFile(path.join(app, "read.mjs"), `
      import { HubSpotAssociations } from "hubspot-associations";
      const hs = new HubSpotAssociations({ accessToken: process.env.HUBSPOT_TOKEN, baseUrl: process.argv[2] });
      const ids = Array.from({ length: 2500 }, (_, i) => ({ id: String(i + 1) }));
      const r = await hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: ids, allPages: true });
      console.log(JSON.stringify(r.results.flatMap((x) => x.to.map((t) => x.from.id + ">" + t.toObjectId)).sort()));
    `);
    const { stdout } = await run(process.execPath, ["read.mjs", mock.url], { cwd: app, env });
    assert.deepEqual(JSON.parse(stdout), list.map((p) => `${p.from}>${p.to}`).sort());

    // The same file with one malformed row in the middle.
    const text = await readFile(path.join(app, "pairs.csv"), "utf8");
    const lines = text.split("\n");
    lines.splice(1_200, 0, "contacts,12a4,companies,99");
    await writeFile(path.join(app, "pairs-bad.csv"), lines.join("\n"));
    const before = mock.log.length;
    const bad = await npx(["associate", "pairs-bad.csv", "--base-url", mock.url], env);
    assert.equal(bad.code, 2, bad.stderr);
    assert.equal(bad.stderr, 'pairs-bad.csv:1201: fromObjectId "12a4" is not a record id (digits only)\nhubspot-associations associate: 1 invalid row of 2,501 in pairs-bad.csv; nothing was sent\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(mock.log.slice(before), [], "the mock's request log shows nothing sent");
  } finally {
    await mock.stop();
  }
});

/** A port nobody listens on. */
function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The README's "Command line" transcript: its commands and the output each prints. */
async function readmeTranscript() {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const section = readme.split(/^## Command line$/m)[1].split(/^## /m)[0];
  const block = section.match(/```console\n([\s\S]*?)```/)[1];
  const steps = [];
  for (const line of block.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("$ ")) steps.push({ cmd: line.slice(2), out: [] });
    else steps.at(-1).out.push(line);
  }
  return steps;
}

test("the README's Command line transcript runs as written", { timeout: 120_000 }, async () => {
  const steps = await readmeTranscript();
  assert.ok(steps.length >= 10);
  // Only what cannot be the same on every machine changes: the port (8787 may be taken) and timings.
  const port = String(await freePort());
  const timing = (s) => s.replace(/in [\d.]+ s \([\d,]+ (rows|records)\/s\)/g, "in ‹t› s (‹r› $1/s)");
  // The installed project's folder, where npx finds the bins (and never asks the registry).
  const work = app;
  // The files the transcript shows with `cat` are its inputs.
  for (const s of steps) {
    const m = s.cmd.match(/^cat (\S+)$/);
    if (m) await writeFile(path.join(work, m[1]), s.out.join("\n") + "\n");
  }
  // One bash session; each command's output (stdout and stderr, in order) is fenced by markers.
  let script = `cd ${JSON.stringify(work)}\n__rc=0\n`;
  steps.forEach((s, i) => {
    const cmd = s.cmd.replaceAll("8787", port);
    script += `printf '\\n@@step ${i}@@\\n'\n`;
    if (cmd.endsWith("&")) {
      script += `${cmd}\nfor i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null && break; sleep 0.1; done\n`;
    } else {
      script += `(exit $__rc); ${cmd} 2>&1; __rc=$?\n`;
    }
  });
  // Whatever the transcript left running in the background (it ends with `kill %1`) must be gone:
  // execFile only returns once nothing holds the session's output open.
  script += "kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; true\n";
  const env = { ...npmEnv };
  delete env.HUBSPOT_TOKEN;
  const { stdout } = await run("bash", ["-c", script], { cwd: work, env, timeout: 110_000 });
  const got = stdout.split(/\n?@@step (\d+)@@\n/).slice(1);
  for (let i = 0; i < steps.length; i++) {
    assert.equal(got[2 * i], String(i));
    const want = timing(steps[i].out.join("\n").replaceAll("8787", port));
    assert.equal(timing(got[2 * i + 1].replace(/\n$/, "")), want, `$ ${steps[i].cmd}`);
  }
});
