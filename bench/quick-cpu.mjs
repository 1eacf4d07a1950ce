// A quick per-call CPU comparison (a subset of bench/run.mjs's per-call rows, for profiling work):
// the loopback emulator in one process, ours / theirs / bare fetch each in its own process
// (bench/percall-child.mjs), rounds interleaved; prints the medians and the ratios.
// argv: [rounds=5] [calls=1000]
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
const rounds = Number(process.argv[2] ?? 5), calls = Number(process.argv[3] ?? 1000);
const TOKEN = "pat-na1-bench-0000";
const server = spawn(process.execPath, [join(here, "server.mjs"), JSON.stringify({ options: { accessToken: TOKEN }, seedAssoc: { from: 100, perFrom: 3, labelled: true } })], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((r) => createInterface({ input: server.stdout }).once("line", r));
function child(who) {
  const c = spawn(process.execPath, [join(here, "percall-child.mjs"), who, url, TOKEN], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: c.stdout });
  const waiting = [];
  lines.on("line", (l) => waiting.shift()(JSON.parse(l)));
  return { send: (cmd) => new Promise((r) => { waiting.push(r); c.stdin.write(JSON.stringify(cmd) + "\n"); }), kill: () => c.kill() };
}
const who = ["ours", "theirs", "fetch"];
const kids = Object.fromEntries(who.map((w) => [w, child(w)]));
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [op, conc, n] of [["associateDefault", 1, calls], ["associateDefault", 16, calls], ["batchRead", 1, Math.ceil(calls / 3)]]) {
  for (const w of who) await kids[w].send({ op, conc, calls: Math.ceil(n / 3) }); // warm-up
  const us = { ours: [], theirs: [], fetch: [] };
  for (let r = 0; r < rounds; r++) for (const w of r % 2 ? [...who].reverse() : who) us[w].push((await kids[w].send({ op, conc, calls: n })).cpuUs / n);
  const m = Object.fromEntries(who.map((w) => [w, median(us[w])]));
  const ratios = us.ours.map((o, i) => o / us.theirs[i]);
  console.log(`${op} c=${conc}: ours ${m.ours.toFixed(0)} µs, theirs ${m.theirs.toFixed(0)}, fetch ${m.fetch.toFixed(0)}; ours/theirs ${median(ratios).toFixed(2)}×, ours/fetch ${(m.ours / m.fetch).toFixed(2)}×`);
}
for (const k of Object.values(kids)) k.kill();
server.kill();
