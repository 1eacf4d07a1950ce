// tsc --strict must pass on usage.ts, and must fail on each `@ts-expect-error` line once the
// marker is removed (so the markers prove real errors, not dead comments).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, cpSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const tsc = join(here, "../../node_modules/.bin/tsc");
const run = (project) => {
  try {
    execFileSync(tsc, ["-p", project], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return e.stdout + e.stderr || "tsc failed";
  }
};

const ok = run(here);
if (ok) {
  console.error(ok);
  throw new Error("tsc --strict failed on tests/types/usage.ts");
}
console.log("tsc --noEmit --strict: usage.ts passes");

const source = readFileSync(join(here, "usage.ts"), "utf8").split("\n");
const marker = /^\s*\/\/ @ts-expect-error/;
const expected = source.flatMap((l, i) => (marker.test(l) ? [i + 2] : []));
const dir = mkdtempSync(join(here, ".strip-"));
cpSync(join(here, "tsconfig.json"), join(dir, "tsconfig.json"));
writeFileSync(join(dir, "usage.ts"), source.map((l) => (marker.test(l) ? "// (marker removed)" : l)).join("\n"));
const out = run(dir);
execFileSync("rm", ["-rf", dir]);
const failing = new Set([...out.matchAll(/usage\.ts\((\d+),/g)].map((m) => Number(m[1])));
const missing = expected.filter((l) => !failing.has(l));
if (missing.length) throw new Error(`lines ${missing.join(", ")} under @ts-expect-error compile without error`);
const extra = [...failing].filter((l) => !expected.includes(l));
if (extra.length) throw new Error(`unexpected errors on lines ${extra.join(", ")}:\n${out}`);
console.log(`tsc: each of the ${expected.length} @ts-expect-error lines fails without its marker`);
