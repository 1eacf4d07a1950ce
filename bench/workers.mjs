// Many workers, one token (issue 12): N Node processes (bench/workers-child.mjs), each with its own
// client, share one bulk job against one emulator server, with a Redis store (`rateLimit: {store}`)
// or each pacing alone. Used by `make bench` and by tests/js/redis-store.test.mjs.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const here = dirname(fileURLToPath(import.meta.url));

/** A free loopback port (the kernel's pick; closed again before it is used). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Debian's redis-server on a loopback port, in a temporary directory, without persistence.
 * Resolves with {url, port, stop()} once it accepts connections.
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "hubspot-associations-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "yes"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${log.slice(-500)}`)), 10_000);
    child.on("error", (e) => (clearTimeout(timer), reject(new Error(`cannot run redis-server (scripts/setup.sh --redis installs it): ${e.message}`))));
    child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`redis-server exited ${code}: ${log.slice(-500)}`))));
    const onData = (d) => {
      log += d;
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.removeAllListeners("exit");
        resolve();
      }
    };
    child.stdout.on("data", onData);
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(rmSync(dir, { recursive: true, force: true }));
        child.on("exit", () => resolve(rmSync(dir, { recursive: true, force: true })));
        child.kill("SIGTERM");
      }),
  };
}

/** The floor of a job in ms, as bench/run.mjs computes it: its requests at the window's steady rate. */
export const floorMs = (requests, { maxRequests, intervalMs }) => (requests / maxRequests) * intervalMs;

/**
 * Runs `workers` processes of `pairs` each against `baseUrl`, all told "go" at once.
 * `redisUrl`: share one budget through the Redis store (else each paces alone).
 * `kill: {worker, afterMs}`: SIGKILL that worker that long after "go", or, if it has answered by
 * then (a worker can be served first and finish early), the first one still working.
 * Resolves with {wallMs (go to the last survivor's answer), outs (per worker; null for the killed
 * one), killed (its index)}.
 */
export async function runWorkers({ baseUrl, token, workers, pairs, redisUrl, kill }) {
  const children = Array.from({ length: workers }, (_, i) => {
    const child = spawn(process.execPath, [join(here, "workers-child.mjs"), JSON.stringify({ baseUrl, token, from: i * pairs, pairs, redisUrl })], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => {
      const { value, done } = await lines.next();
      return done ? null : value;
    };
    return { child, next };
  });
  try {
    for (const [i, c] of children.entries()) {
      const line = await c.next();
      if (line !== "ready") throw new Error(`worker ${i} did not start: ${line}`);
    }
    const t0 = performance.now();
    for (const c of children) c.child.stdin.write("go\n");
    let timer, killed;
    const answered = new Set();
    if (kill) {
      timer = setTimeout(() => {
        const working = (i) => !answered.has(i);
        killed = working(kill.worker) ? kill.worker : children.findIndex((_, i) => working(i));
        children[killed]?.child.kill("SIGKILL");
      }, kill.afterMs);
    }
    const outs = await Promise.all(
      children.map(async (c, i) => {
        const line = await c.next();
        answered.add(i);
        if (line === null) {
          if (killed === i) return null;
          throw new Error(`worker ${i} exited without an answer`);
        }
        return { ...JSON.parse(line), doneMs: performance.now() - t0 };
      }),
    );
    clearTimeout(timer);
    const wallMs = Math.max(...outs.filter(Boolean).map((o) => o.doneMs));
    return { wallMs, outs, killed };
  } finally {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  }
}
