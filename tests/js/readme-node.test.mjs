// The README's Node sections (ESM, CommonJS, HubSpot app function) run as written: each code block
// is written to a file in the repo (so `hubspot-associations` resolves) and run in a child Node whose
// global fetch is the emulator's (the client's default transport uses the global fetch), so the
// calls to https://api.hubapi.com are answered offline.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");

function block(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no section ${heading}`);
  const m = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  return m[1];
}

// Loaded with --import: the emulator as the global fetch, seeded, with the token the README reads.
const PRELUDE = `
import { createMockHubSpot } from "hubspot-associations/mock";
const mock = createMockHubSpot({ accessToken: "pat-readme-token", seed: { associations: [
  { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "203" },
  { fromObjectType: "deals", fromObjectId: "7", toObjectType: "contacts", toObjectId: "101" } ] } });
globalThis.fetch = mock.fetch;
process.env.HUBSPOT_TOKEN = process.env.PRIVATE_APP_ACCESS_TOKEN = "pat-readme-token";
`;

function run(name, code, ext) {
  const dir = mkdtempSync(join(root, "tests/js/.readme-"));
  try {
    writeFileSync(join(dir, "prelude.mjs"), PRELUDE);
    writeFileSync(join(dir, `${name}.${ext}`), code);
    return execFileSync(process.execPath, ["--import", join(dir, "prelude.mjs"), join(dir, `${name}.${ext}`)], { encoding: "utf8", timeout: 30_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("README: Node (ESM) runs as written", () => {
  const out = run("esm", block("### Node (ESM)"), "mjs");
  assert.match(out, /associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279/);
});

test("README: Node (CommonJS) runs as written", () => {
  const out = run("cjs", block("### Node (CommonJS)"), "cjs");
  assert.match(out, /'203'/);
});

test("README: HubSpot app function runs as written", () => {
  const code = block("### HubSpot app functions (serverless, in a HubSpot project)") +
    `\nexports.main({ parameters: { dealId: "7" } }).then((r) => console.log(JSON.stringify(r)));\n` +
    `exports.main({ parameters: { dealId: "7/../8" } }).then((r) => console.log(JSON.stringify(r)));\n`;
  const answers = run("app-function", code, "cjs").trim().split("\n").map((l) => JSON.parse(l));
  const ok = answers.find((a) => a.statusCode === 200);
  const bad = answers.find((a) => a.statusCode !== 200);
  assert.deepEqual(ok, { statusCode: 200, body: { contactIds: ["101"] } });
  assert.equal(bad.statusCode, 500, "invalid input has no status: 500");
  assert.match(bad.body.error, /objectId/);
});
