// The command line's figures (issue 11): `hubspot-associations associate FILE --emulator` (the
// embedded emulator, no rate limit) over CSV files of two sizes, each in a fresh process
// (bench/cli-child.mjs): wall time, rows per second, requests, and peak RSS, whose goal is
// ≤ 150 MB and flat in the number of rows. bench/run.mjs prints them in its tables; run alone,
// `node bench/cli.mjs [--quick]` prints them as JSON.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** Peak RSS goal of the command line, in MB. */
export const CLI_GOAL_MB = 150;

/** Writes `rows` contact → company pairs as CSV. */
async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write("fromObjectType,fromObjectId,toObjectType,toObjectId\n");
  let buf = "";
  for (let i = 1; i <= rows; i++) {
    buf += `contacts,${i},companies,${10_000_000 + i}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
}

/** One run: `associate FILE --emulator --progress json` in a fresh node; its summary and peak RSS. */
function runOne(file) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(here, "cli-child.mjs"), "associate", file, "--emulator", "--progress", "json"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const wallS = (performance.now() - t0) / 1000;
      const rss = err.match(/cli-peak-rss-kb (\d+)/);
      const summary = err.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)).find((e) => e.type === "summary");
      if (code !== 0 || !rss || !summary) return reject(new Error(`the command line exited ${code}: ${err.slice(-1000)}`));
      resolve({ wallS, peakMb: Number(rss[1]) / 1024, requests: summary.requests, ok: summary.ok });
    });
  });
}

/**
 * Measures the command line at each size (rows), one after the other.
 * @param {number[]} sizes
 * @returns {Promise<Array<{ rows: number, wallS: number, rowsPerS: number, peakMb: number, requests: number }>>}
 */
export async function cliBench(sizes) {
  const dir = await mkdtemp(join(tmpdir(), "hs-cli-bench-"));
  try {
    const out = [];
    for (const rows of sizes) {
      const file = join(dir, `pairs-${rows}.csv`);
      await writeCsv(file, rows);
      const r = await runOne(file);
      if (r.ok !== rows) throw new Error(`the command line associated ${r.ok} of ${rows} rows`);
      out.push({ rows, wallS: r.wallS, rowsPerS: rows / r.wallS, peakMb: r.peakMb, requests: r.requests });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  console.log(JSON.stringify(await cliBench(quick ? [1_000, 5_000] : [10_000, 100_000]), null, 1));
}
