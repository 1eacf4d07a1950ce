// Issues 6 and 10: `make bench -- --quick` runs (the benchmark's smoke run). Only checks that it exits 0
// and prints the tables with every row; never asserts a time (figures depend on the machine).
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("node bench/run.mjs --quick runs and prints the table", { timeout: 180_000 }, () => {
  // The package is already built by `make test`; `make bench` would rebuild it first.
  const r = spawnSync(process.execPath, ["bench/run.mjs", "--quick"], { cwd: root, encoding: "utf8", timeout: 170_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.match(r.stdout, /^\| figure \| ours \| theirs \| ours\/theirs \|/m);
  assert.match(r.stdout, /\| bulk: pairs missing afterwards \|/);
  // Issue 10's figures, side by side in the same run (whether they meet their goals is not asserted).
  assert.match(r.stdout, /^\| figure \| ours \| theirs \| bare fetch \| contract floor ‡ \| ours\/theirs \| ours\/bare fetch \| goal \|/m);
  // The floor under design.md's contract beside each CPU and memory figure, and what it means.
  assert.match(r.stdout, /\| associateDefault, concurrency 1: client CPU µs\/call \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \([\d.]+× theirs\) \|/);
  assert.match(r.stdout, /\| start: fresh node, import, first call completed: CPU ms \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \([\d.]+× bare\) \|/);
  assert.match(r.stdout, /\| peak RSS reading [\d,]+ associations \(`batchRead`, `allPages`\) \| [\d.]+ MB \| [\d.]+ MB \| [\d.]+ MB \| [\d.]+ MB \|/);
  assert.match(r.stdout, /^‡ The contract floor: /m);
  for (const row of [
    /\| associateDefault, concurrency 1: client CPU µs\/call \|/,
    /\| associateDefault, concurrency 16: client CPU µs\/call \|/,
    /\| batchRead of 100 ids, concurrency 1: client CPU µs\/call \|/,
    /\| start: fresh node, import, first call completed: CPU ms \|/,
    /\| peak RSS reading [\d,]+ associations/,
    /\| default browser entry, esbuild bundle gzipped: JS \+ the \.wasm it loads \|/,
    /\| `\/inline`, esbuild bundle gzipped/,
    /\| the emulator's wasm \(`\/mock`\), gzipped, on its own \|.*✅ not in either/,
  ]) assert.match(r.stdout, row);
  assert.match(r.stdout, /### Where the client's wasm bytes go/);
  // Issue 12: the four-process job, with the Redis store and each process alone (redis-server is
  // installed by `make test`'s setup).
  assert.match(r.stdout, /### Many workers, one token/);
  assert.match(r.stdout, /^\| 4 processes × 250 pairs, one token, 100 requests \/ 10 s \| Redis store/m);
  assert.match(r.stdout, /^\| 429s received \(most in one window\) \| \d+ \(\d+\) \| \d+ \(\d+\) \|/m);
  // Issue 11: the command line's throughput and peak RSS at two sizes.
  assert.match(r.stdout, /\| CLI `associate FILE --emulator` \(no rate limit\) \| 1,000 \| [\d.]+ \| [\d,]+ \| 10 \| [\d.]+ MB \|/);
  assert.match(r.stdout, /\| CLI `associate FILE --emulator` \(no rate limit\) \| 5,000 \| [\d.]+ \| [\d,]+ \| 50 \| [\d.]+ MB \|/);
});
