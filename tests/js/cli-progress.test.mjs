// Issue 11, progress: the live line under a pseudo-terminal (`script`), with done/total, rate,
// ETA, retries, 429s and failures, then the summary; `--progress json` events that parse and add
// up; data on standard output only, progress on standard error only.
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { startMockServer } from "hubspot-associations/mock";
import { CLI, TOKEN, cliEnv, runCli, tempDir, pairs, writePairsCsv, ndjson } from "./helpers/cli.mjs";

/** Runs a shell command under a pseudo-terminal (util-linux `script`); resolves to what the terminal got. */
function underPty(command, env) {
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...env, COLUMNS: "200", TERM: "xterm" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;

test("the live progress line on a terminal: done/total, rate, ETA, retries, 429s, failures; then the summary", { timeout: 60_000 }, async () => {
  // Paced at 10 requests a second, with one 429 and one 503 on the way (both retried) and one 500
  // that outlasts the retries: the line has time to move, and every counter is non-zero.
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: { maxRequests: 10, intervalMs: 1_000 },
    faults: { script: [null, "429", "503", null, "500", "500"], paths: "/batch/" } });
  const tmp = await tempDir();
  try {
    await writePairsCsv(tmp.file("p.csv"), pairs(3_000));
    const { code, out } = await underPty(`${quote(process.execPath)} ${quote(CLI)} associate ${quote(tmp.file("p.csv"))} --base-url ${server.url} --max-retries 1 --concurrency 2`,
      cliEnv({ HUBSPOT_TOKEN: TOKEN }));
    assert.equal(code, 1, out);
    // Each redraw clears the line and writes it again.
    // (A message above the line, such as a failed row, clears it first too: those are not frames.)
    const frames = out.split("\r\x1b[2K").slice(1).map((f) => f.replace(/\r?\n[\s\S]*$/, "")).filter((f) => !f.includes(": failed: "));
    assert.ok(frames.length >= 5, `${frames.length} frames: ${JSON.stringify(out.slice(0, 500))}`);
    const line = /^associate ([\d,]+)\/3,000 rows \((\d+)%\) \| ([\d,]+) rows\/s \| ETA (\d+:\d\d|--:--) \| retries (\d+) \| 429s (\d+) \| failed ([\d,]+)$/;
    for (const f of frames) assert.match(f, line);
    const parsed = frames.map((f) => f.match(line));
    // It moves: done grows, and somewhere in the middle there is a rate and an ETA.
    const done = parsed.map((m) => Number(m[1].replace(/,/g, "")));
    assert.deepEqual(done, [...done].sort((a, b) => a - b));
    assert.ok(parsed.some((m) => Number(m[1].replace(/,/g, "")) > 0 && Number(m[1].replace(/,/g, "")) < 3000 && /^\d+:\d\d$/.test(m[4])));
    const last = parsed.at(-1);
    assert.deepEqual([last[1], last[2], last[5], last[6], last[7]], ["3,000", "100", "3", "1", "100"]);
    assert.match(out, /\nassociate: 3,000 rows in [\d.]+ s \([\d,]+ rows\/s\): 2,900 associated, 100 failed; 33 requests, 3 retries, 1 429s\r?\n/);
    assert.match(out, /p\.csv:\d+: failed: HubSpot answered 500/);
    assert.ok(!out.includes(TOKEN));
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("--progress json: NDJSON events on stderr that parse and add up; data alone on stdout", { timeout: 60_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, faults: { script: ["503"], paths: "/batch/" } });
  const tmp = await tempDir();
  try {
    await writePairsCsv(tmp.file("p.csv"), pairs(1_000));
    const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });
    const a = await runCli(["associate", tmp.file("p.csv"), "--base-url", server.url, "--progress", "json"], { env });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, "");
    const events = ndjson(a.stderr); // throws if any line is not JSON
    assert.deepEqual([...new Set(events.map((e) => e.type))], ["start", "progress", "summary"]);
    for (const e of events) assert.equal(e.command, "associate");
    const start = events[0];
    assert.deepEqual([start.total, start.chunks, start.batchSize, start.unit, start.dryRun], [1000, 10, 100, "rows", false]);
    const progress = events.filter((e) => e.type === "progress");
    for (const p of progress) for (const k of ["done", "total", "ok", "failed", "requests", "retries", "rateLimited", "rate", "etaSeconds", "elapsedSeconds"]) assert.ok(k in p, k);
    assert.equal(progress.at(-1).done, 1000);
    const summary = events.at(-1);
    assert.deepEqual([summary.done, summary.ok, summary.failed, summary.requests, summary.retries, summary.rateLimited, summary.exitCode], [1000, 1000, 0, 11, 1, 0, 0]);

    // export: CSV data on stdout, only JSON on stderr.
    await writeFile(tmp.file("r.csv"), "fromObjectType,fromObjectId\n" + Array.from({ length: 1000 }, (_, i) => `contacts,${i + 1}`).join("\n"));
    const e = await runCli(["export", tmp.file("r.csv"), "--to", "companies", "--base-url", server.url, "--progress", "json"], { env });
    assert.equal(e.code, 0, e.stderr);
    assert.equal(parse(e.stdout, { columns: true }).length, 1000);
    assert.equal(ndjson(e.stderr).at(-1).associations, 1000);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("--progress none prints nothing but what must be said; auto off a terminal prints the summary only", { timeout: 30_000 }, async () => {
  const tmp = await tempDir();
  try {
    await writePairsCsv(tmp.file("p.csv"), pairs(300));
    const none = await runCli(["associate", tmp.file("p.csv"), "--emulator", "--progress", "none"]);
    assert.equal(none.code, 0);
    assert.equal(none.stderr + none.stdout, "");
    const auto = await runCli(["associate", tmp.file("p.csv"), "--emulator"]);
    assert.match(auto.stderr, /^associate \(dry run on the embedded emulator\): 300 rows in [\d.]+ s \([\d,]+ rows\/s\): 300 associated, 0 failed; 3 requests, 0 retries, 0 429s\n$/);
  } finally {
    await tmp.cleanup();
  }
});
