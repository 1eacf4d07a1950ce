// Running the built command line (pkg/bin/cli.js) from tests, and making its input files.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The bin as built into pkg/ (the same file the tarball ships). */
export const CLI = fileURLToPath(new URL("../../../pkg/bin/cli.js", import.meta.url));
/** A token that must never appear in anything the command prints or writes. */
export const TOKEN = "pat-na1-cli-test-token-0a1b2c3d-never-printed";

/** An environment for the command: no inherited HUBSPOT_TOKEN unless given. */
export function cliEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  if (!("HUBSPOT_TOKEN" in extra)) delete env.HUBSPOT_TOKEN;
  return env;
}

/**
 * Starts the command; `done` resolves to `{ code, signal, stdout, stderr }`.
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, cwd?: string, input?: string, bin?: string[] }} [opts]
 */
export function startCli(args, opts = {}) {
  const [cmd, ...pre] = opts.bin ?? [process.execPath, CLI];
  const child = spawn(cmd, [...pre, ...args], { cwd: opts.cwd, env: opts.env ?? cliEnv(), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr += d;
    opts.onStderr?.(d, stderr);
  });
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else child.stdin.end();
  const done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/**
 * Runs the command to its end.
 * @param {string[]} args
 * @param {Parameters<typeof startCli>[1]} [opts]
 */
export function runCli(args, opts) {
  return startCli(args, opts).done;
}

/** A fresh temporary folder; `cleanup` removes it. */
export async function tempDir(prefix = "hs-cli-") {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `n` pairs contact i → company `offset + i`, as `{from, to}`. */
export function pairs(n, { from = 1, offset = 1_000_000 } = {}) {
  return Array.from({ length: n }, (_, i) => ({ from: String(from + i), to: String(offset + from + i) }));
}

/** Writes pairs as a CSV of contacts → companies (optionally with extra columns per row). */
export async function writePairsCsv(file, list, { extra } = {}) {
  const head = ["fromObjectType", "fromObjectId", "toObjectType", "toObjectId", ...(extra ? Object.keys(extra(list[0], 0)) : [])];
  let text = head.join(",") + "\n";
  list.forEach((p, i) => {
    text += ["contacts", p.from, "companies", p.to, ...(extra ? Object.values(extra(p, i)) : [])].join(",") + "\n";
  });
  await writeFile(file, text);
}

/** The contact → company pairs of an emulator's state, as "from>to" with a count each. */
export function statePairs(mock, fromTypeId = "0-1") {
  const have = new Map();
  for (const a of mock.state().associations) {
    if (a.fromObjectTypeId !== fromTypeId) continue;
    const k = `${a.fromObjectId}>${a.toObjectId}`;
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  return have;
}

/** Every pair sent in the bodies of answered (2xx) batch requests whose path contains `pathPart`. */
export function sentPairs(requests, pathPart) {
  const out = [];
  for (const r of requests) {
    if (!r.path.includes(pathPart) || r.status < 200 || r.status > 299) continue;
    for (const i of JSON.parse(r.body).inputs) out.push(`${i.from.id}>${Array.isArray(i.to) ? i.to[0].id : i.to.id}`);
  }
  return out;
}

/** Parses NDJSON text (each non-empty line one JSON value). */
export function ndjson(text) {
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}
