// Issue 11, "Kill and resume": a 20,000-pair associate job against the mock server limited to 100
// requests per 10 s is stopped part-way (SIGINT, then SIGTERM on the first resume), exits 130 each
// time, and is resumed with the same journal until it completes. Afterwards every pair is
// associated, and the request log shows no chunk sent twice: every pair was in exactly one
// answered request, and a body that was sent again had been refused (429) the other times.
import test from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, startCli, runCli, tempDir, pairs, writePairsCsv, statePairs, sentPairs, ndjson } from "./helpers/cli.mjs";

const N = 20_000;

/** Runs the job until `done` rows are reported (--progress json), then sends `signal`. */
async function runUntil(args, env, done, signal) {
  let sent = false;
  const run = startCli(args, {
    env,
    onStderr: (_, all) => {
      if (sent) return;
      const last = all.trimEnd().split("\n").reverse().find((l) => l.includes('"type":"progress"'));
      if (last && JSON.parse(last).done >= done) {
        sent = true;
        run.child.kill(signal);
      }
    },
  });
  const r = await run.done;
  assert.ok(sent, `the job ended before ${done} rows were done: ${r.stderr.slice(-1000)}`);
  return r;
}

test("kill and resume: 20,000 pairs, 100 requests / 10 s, SIGINT then SIGTERM, resumed to the end", { timeout: 150_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: { maxRequests: 100, intervalMs: 10_000 } });
  const tmp = await tempDir();
  try {
    const list = pairs(N);
    const input = tmp.file("pairs.csv");
    const journal = tmp.file("job.journal");
    await writePairsCsv(input, list);
    const args = ["associate", input, "--base-url", server.url, "--journal", journal, "--progress", "json"];
    const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });

    // 1. SIGINT part-way: in-flight chunks finish, the journal is written, exit 130.
    const first = await runUntil(args, env, 2_000, "SIGINT");
    assert.equal(first.code, 130, first.stderr.slice(-2000));
    const s1 = ndjson(first.stderr).find((e) => e.type === "summary");
    assert.equal(s1.interrupted, true);
    assert.equal(s1.exitCode, 130);
    const after1 = statePairs(server.mock).size;
    assert.ok(after1 >= 2_000 && after1 < N, `${after1} pairs after the first run`);
    // What the journal says is done is exactly what HubSpot has: nothing in flight was lost.
    const j1 = ndjson(await readFile(journal, "utf8"));
    assert.equal(j1.filter((e) => typeof e.chunk === "number").reduce((s, e) => s + e.ok, 0), after1);
    assert.equal(j1.at(-1).event, "interrupted");

    // 2. Resume, then SIGTERM part-way through the rest.
    const second = await runUntil(args, env, after1 + 1_000, "SIGTERM");
    assert.equal(second.code, 130, second.stderr.slice(-2000));
    const start2 = ndjson(second.stderr).find((e) => e.type === "start");
    assert.equal(start2.resumed, true);
    assert.equal(start2.earlier, after1, "the resumed run starts from what the journal holds");
    const after2 = statePairs(server.mock).size;
    assert.ok(after2 > after1 && after2 < N, `${after2} pairs after the second run`);

    // 3. Resume to the end.
    const third = await runCli(args, { env });
    assert.equal(third.code, 0, third.stderr.slice(-2000));
    const s3 = ndjson(third.stderr).find((e) => e.type === "summary");
    assert.equal(s3.ok, N);
    assert.equal(s3.failed, 0);

    // Every pair is associated, once.
    const have = statePairs(server.mock);
    assert.equal(have.size, N);
    for (const p of list) assert.equal(have.get(`${p.from}>${p.to}`), 1, `${p.from}>${p.to}`);

    // No chunk sent twice: each pair in exactly one answered request…
    const requests = server.mock.requests();
    const sent = sentPairs(requests, "/batch/associate/default");
    assert.equal(sent.length, N, "pairs in answered batch requests");
    assert.equal(new Set(sent).size, N, "a pair was in two answered requests");
    // …and a body sent more than once was refused (429) every time but one.
    const byBody = new Map();
    for (const r of requests.filter((r) => r.path.includes("/batch/"))) {
      const list2 = byBody.get(r.body) ?? [];
      list2.push(r.status);
      byBody.set(r.body, list2);
    }
    assert.equal(byBody.size, N / 100, "200 distinct chunks");
    for (const statuses of byBody.values()) {
      assert.equal(statuses.filter((s) => s >= 200 && s < 300).length, 1, `statuses ${statuses}`);
      assert.ok(statuses.every((s) => (s >= 200 && s < 300) || s === 429), `statuses ${statuses}`);
    }
    // The journal: 200 chunks, each once, over three runs.
    const j = ndjson(await readFile(journal, "utf8"));
    const chunks = j.filter((e) => typeof e.chunk === "number").map((e) => e.chunk);
    assert.deepEqual([...chunks].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i));
    assert.deepEqual(j.filter((e) => e.event && e.event !== "run").map((e) => e.event), ["interrupted", "interrupted", "complete"]);
    // No token in the journal or anything printed.
    for (const text of [JSON.stringify(j), first.stderr, second.stderr, third.stderr, first.stdout, third.stdout]) assert.ok(!text.includes(TOKEN));
    console.log(`kill and resume figures: ${JSON.stringify({ afterSigint: after1, afterSigterm: after2, requests: requests.length, rateLimited: server.mock.stats().rateLimited })}`);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("a journal belongs to one job: another input is refused (exit 2) once a chunk is done; an empty one starts over", { timeout: 30_000 }, async () => {
  const tmp = await tempDir();
  try {
    await writePairsCsv(tmp.file("a.csv"), pairs(150));
    await writePairsCsv(tmp.file("b.csv"), pairs(150, { from: 1000 }));
    const journal = tmp.file("j");
    // A journal of a job that got nothing done (here: only its header and a run) holds nothing to resume.
    await writeFile(journal, JSON.stringify({ journal: "hubspot-associations journal", version: 1, command: "associate", input: "b.csv", sha256: "0".repeat(64), rows: 150, batchSize: 100 }) + '\n{"event":"run"}\n');
    const a = await runCli(["associate", tmp.file("a.csv"), "--emulator", "--journal", journal]);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(["associate", tmp.file("b.csv"), "--emulator", "--journal", journal]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--journal .* is the journal of another input \(.*a\.csv, 150 rows\); resume with the same input and options, or give a new journal file/);
    const c = await runCli(["associate", tmp.file("a.csv"), "--emulator", "--journal", journal, "--batch-size", "50"]);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /is the journal of --batch-size 100/);
    const again = await runCli(["associate", tmp.file("a.csv"), "--emulator", "--journal", journal, "--progress", "json"]);
    assert.equal(again.code, 0);
    const s = ndjson(again.stderr).find((e) => e.type === "summary");
    assert.deepEqual([s.requests, s.ok], [0, 150], "a finished job sends nothing more");
  } finally {
    await tmp.cleanup();
  }
});
