// The loopback face of the emulator: `npx hubspot-associations-mock` (pkg/bin/mock-server.js, the
// package's `bin`) started as a child process, and `startMockServer()` from `hubspot-associations/mock`.
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";

const require = createRequire(import.meta.url);
const pkgJson = require.resolve("hubspot-associations/package.json");
const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
const BIN = join(dirname(pkgJson), pkg.bin["hubspot-associations-mock"]);
const TOKEN = "pat-na1-22222222-mock-server-test";
const pair = { fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" };

const children = new Set();

/** Starts the CLI; resolves once it printed its first line (the URL), or rejects if it exits first. */
function startCli(args) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => (children.delete(child), resolve({ code, signal }))));
  const ready = new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      stdout += d;
      const nl = stdout.indexOf("\n");
      if (nl >= 0) resolve(stdout.slice(0, nl));
    });
    child.stderr.on("data", (d) => (stderr += d));
    exited.then(({ code, signal }) => reject(new Error(`the mock server exited (${code ?? signal}) before printing its URL: ${stderr}`)));
  });
  return {
    child,
    exited,
    stderr: () => stderr,
    async url() {
      const line = await ready;
      const m = /^hubspot-associations-mock listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(m, `first line: ${line}`);
      assert.notEqual(Number(m[2]), 0);
      return m[1];
    },
  };
}

/** Waits for the child to exit; a child that does not exit within a generous bound is killed and fails the test. */
async function exitOf(cli, bound = 20_000) {
  let timer;
  const guard = new Promise((resolve) => (timer = setTimeout(() => resolve("still running"), bound)));
  const r = await Promise.race([cli.exited, guard]);
  clearTimeout(timer);
  if (r === "still running") {
    cli.child.kill("SIGKILL");
    assert.fail("the mock server did not exit");
  }
  return r;
}

test.after(() => {
  for (const c of children) c.kill("SIGKILL");
});

test("the package declares the hubspot-associations-mock bin", () => {
  assert.equal(pkg.bin["hubspot-associations-mock"], "./bin/mock-server.js");
  assert.ok(pkg.files.includes("bin/"));
  assert.match(readFileSync(BIN, "utf8"), /^#!\/usr\/bin\/env node\n/);
  accessSync(BIN, constants.X_OK);
});

test("CLI: --port 0 prints its URL; our client works through it; 401 without a token; exits on SIGTERM", { timeout: 60_000 }, async (t) => {
  const cli = startCli(["--port", "0"]);
  try {
    const url = await cli.url();

    await t.test("associateDefault with our client", async () => {
      const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: url });
      const r = await hs.associateDefault(pair);
      assert.equal(r.status, "COMPLETE");
      assert.deepEqual(r.results[0], { from: { id: "1" }, to: { id: "2" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } });
      const v4 = await hs.associateDefault({ ...pair, toObjectId: "9007199254740993", apiVersion: "v4" });
      assert.equal(v4.results[0].to.id, "9007199254740993");
    });

    await t.test("the v3 seed call and the limits seed call", async () => {
      const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: url });
      const v3 = await hs.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] });
      assert.deepEqual(v3.results, [{ from: { id: "1" }, to: [{ id: "2", type: "contact_to_company_unlabeled" }, { id: "9007199254740993", type: "contact_to_company_unlabeled" }] }]);
      const limits = await hs.createLimits({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ category: "HUBSPOT_DEFINED", typeId: 279, maxToObjectIds: 10 }] });
      assert.deepEqual(limits.results.map((l) => [l.typeId, l.userEnforcedMaxToObjectIds]), [[279, 10]]);
    });

    await t.test("401 without a token (raw HTTP and our client)", async () => {
      const res = await fetch(`${url}/crm/v4/objects/contacts/1/associations/companies`);
      assert.equal(res.status, 401);
      assert.match(res.headers.get("content-type"), /^application\/json/);
      const body = await res.json();
      assert.equal(body.status, "error");
      assert.equal(body.category, "INVALID_AUTHENTICATION");
      assert.ok(body.correlationId);
      await assert.rejects(new HubSpotAssociations({ baseUrl: url }).associateDefault(pair), (e) => {
        assert.ok(isHubSpotError(e));
        assert.equal(e.status, 401);
        assert.equal(e.category, "INVALID_AUTHENTICATION");
        return true;
      });
    });

    await t.test("paging links point back at the server", async () => {
      const res = await fetch(`${url}/crm/v4/objects/contacts/1/associations/companies?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.results.length, 1);
      assert.equal(body.paging.next.link, `${url}/crm/v4/objects/contacts/1/associations/companies?after=2&limit=1`);
      const next = await fetch(body.paging.next.link, { headers: { authorization: `Bearer ${TOKEN}` } });
      // v4 reads carry toObjectId as a JSON number, as HubSpot's do: exact digits in the text.
      assert.match(await next.text(), /"toObjectId":9007199254740993[,}]/);
    });

    await t.test("unknown paths get HubSpot's 404 body", async () => {
      const res = await fetch(`${url}/crm/v4/nothing-here`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 404);
      assert.equal((await res.json()).status, "error");
    });

    await t.test("exits on SIGTERM", async () => {
      // A keep-alive connection stays open: the server must not wait for it.
      const agent = new http.Agent({ keepAlive: true });
      await new Promise((resolve, reject) =>
        http.get(`${url}/crm/v4/objects/contacts/1/associations/companies`, { agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
          res.resume();
          res.on("end", resolve);
        }).on("error", reject),
      );
      cli.child.kill("SIGTERM");
      const { code, signal } = await exitOf(cli);
      agent.destroy();
      assert.ok(code === 0 || signal === "SIGTERM", `exit ${code} ${signal}; stderr: ${cli.stderr()}`);
    });
  } finally {
    cli.child.kill("SIGKILL");
  }
});

test("CLI options: --access-token, --no-auth, --seed, --options", { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hubspot-mock-"));
  try {
    await t.test("--access-token accepts only that token", async () => {
      const cli = startCli(["--port", "0", "--access-token", TOKEN]);
      try {
        const url = await cli.url();
        await new HubSpotAssociations({ accessToken: TOKEN, baseUrl: url }).associateDefault(pair);
        await assert.rejects(new HubSpotAssociations({ accessToken: "pat-na1-wrong", baseUrl: url }).associateDefault(pair), (e) => e.status === 401 && e.category === "INVALID_AUTHENTICATION");
      } finally {
        cli.child.kill("SIGTERM");
        await exitOf(cli);
      }
    });

    await t.test("--no-auth accepts calls without Authorization", async () => {
      const cli = startCli(["--no-auth", "--port", "0"]);
      try {
        const r = await new HubSpotAssociations({ baseUrl: await cli.url() }).associateDefault(pair);
        assert.equal(r.results.length, 2);
      } finally {
        cli.child.kill("SIGTERM");
        await exitOf(cli);
      }
    });

    await t.test("--seed file and --options JSON", async () => {
      const seed = join(dir, "seed.json");
      writeFileSync(seed, JSON.stringify({ records: { contacts: ["1"], companies: ["2", "3"] }, associations: [{ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "3" }] }));
      const cli = startCli(["--port", "0", "--seed", seed, "--options", JSON.stringify({ autoCreateRecords: false, accessToken: TOKEN })]);
      try {
        const url = await cli.url();
        const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: url });
        const v3 = await hs.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] });
        assert.deepEqual(v3.results[0].to.map((x) => x.id), ["3"]);
        await hs.associateDefault(pair); // seeded records
        await assert.rejects(hs.associateDefault({ ...pair, toObjectId: "4" }), (e) => isHubSpotError(e) && e.status === 400);
        await assert.rejects(new HubSpotAssociations({ accessToken: "other", baseUrl: url }).associateDefault(pair), (e) => e.status === 401);
      } finally {
        cli.child.kill("SIGTERM");
        await exitOf(cli);
      }
    });

    await t.test("bad arguments exit with 2 and usage; --help exits 0", async () => {
      for (const [args, want] of [[["--port", "nope"], 2], [["--bogus"], 2], [["--options", "{"], 2], [["--seed", join(dir, "missing.json")], 2], [["--help"], 0]]) {
        const cli = startCli(args);
        cli.url().catch(() => {}); // no URL is printed
        const { code } = await exitOf(cli);
        assert.equal(code, want, `${args.join(" ")}: ${cli.stderr()}`);
        if (want === 2) assert.match(cli.stderr(), /Usage: hubspot-associations-mock/);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("startMockServer(): in-process server on a free loopback port", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, seed: { records: { contacts: ["7"] } } });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url });
    await hs.associateDefault({ ...pair, fromObjectId: "7" });
    // The emulator behind it is the one returned: its log and state are there.
    const [req] = server.mock.requests();
    assert.equal(req.method, "PUT");
    assert.equal(req.path, "/crm/objects/2026-03/contacts/7/associations/default/companies/2");
    assert.equal(req.status, 200);
    assert.equal(server.mock.state().associations.length, 2);
    // A keep-alive connection does not keep close() waiting.
    const agent = new http.Agent({ keepAlive: true });
    await new Promise((resolve, reject) => http.get(server.url, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject));
    await server.close();
    agent.destroy();
    await assert.rejects(fetch(`${server.url}/crm/v4/objects/contacts/7/associations/companies`));
  } finally {
    await server.close();
  }
});

test("startMockServer(): serves an existing mock, and reports a busy port", { timeout: 30_000 }, async () => {
  const first = await startMockServer({ requireAuth: false });
  try {
    await assert.rejects(startMockServer({ port: first.port }), (e) => e.code === "EADDRINUSE");
    const second = await startMockServer({ mock: first.mock });
    try {
      await new HubSpotAssociations({ baseUrl: second.url }).associateDefault(pair);
      assert.equal(first.mock.requests().length, 1);
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
});

test("the official @hubspot/api-client against the CLI server reads what our client reads", async () => {
  const { Client } = await import("@hubspot/api-client");
  const cli = startCli(["--port", "0", "--access-token", TOKEN, "--options", JSON.stringify({ faults: { script: ["503"] } })]);
  try {
    const url = await cli.url();
    const official = new Client({ accessToken: TOKEN, basePath: url, numberOfApiCallRetries: 0 });
    const ours = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: url, apiVersion: "v4" });
    // The scripted 503 hits our first call, which retries; then both clients write and read.
    await ours.associateDefault(pair);
    await official.crm.associations.v4.basicApi.createDefault("contacts", "1", "companies", "3");
    await official.crm.associations.v4.batchApi.createDefault("contacts", "companies", { inputs: [{ _from: { id: "1" }, to: { id: "4" } }] });
    const theirs = await official.crm.associations.v4.basicApi.getPage("contacts", "1", "companies");
    const mine = await ours.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies" });
    assert.deepEqual(
      theirs.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => [t.category, t.typeId])]),
      mine.results.map((r) => [r.toObjectId, r.associationTypes.map((t) => [t.category, t.typeId])]),
    );
    assert.deepEqual(mine.results.map((r) => r.toObjectId), ["2", "3", "4"]);
  } finally {
    cli.child.kill("SIGTERM");
    await exitOf(cli);
  }
});
