// The packed package (what `npm publish` would upload) passes publint (strict: warnings count) and
// @arethetypeswrong/cli (types resolve for every entry under node10, node16 CJS/ESM and bundlers).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

let dir;
let tarball;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hs-publint-"));
  const { stdout } = await run("npm", ["pack", path.join(root, "pkg") + path.sep, "--pack-destination", dir, "--json", "--loglevel=error"], { cwd: dir, timeout: 60_000 });
  tarball = path.join(dir, JSON.parse(stdout)[0].filename);
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("publint --strict: no errors, warnings or suggestions", { timeout: 60_000 }, async () => {
  const bytes = await readFile(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }, strict: true, level: "suggestion" });
  assert.deepEqual(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`), []);
});

test("@arethetypeswrong/cli: no problems for any entry", { timeout: 60_000 }, async () => {
  const attw = path.join(root, "node_modules/.bin/attw");
  // attw exits before a piped stdout is flushed (its JSON is cut at 64 KB when it finds problems): write to a file.
  const json = path.join(dir, "attw.json");
  const fd = openSync(json, "w");
  let status;
  try {
    ({ status } = spawnSync(attw, [tarball, "--format", "json"], { cwd: dir, timeout: 50_000, stdio: ["ignore", fd, "inherit"] }));
  } finally {
    closeSync(fd);
  }
  const report = JSON.parse(await readFile(json, "utf8"));
  assert.deepEqual(report.problems, {}, JSON.stringify(report.problems, null, 2));
  const entries = Object.keys(report.analysis.entrypoints);
  for (const e of [".", "./inline", "./mock", "./hubspot", "./proxy"]) assert.ok(entries.includes(e), `attw checked ${e}`);
  assert.equal(status, 0);
});
