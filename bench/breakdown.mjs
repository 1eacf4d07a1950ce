// The size breakdown of bench/RESULTS.md: bench/sizes.mjs (twiggy `top` and `monos` of the client
// module wasm-bindgen wrote, target/wasm-pack/client/hubspot_associations_bg.wasm, summed by crate and
// by kind) as data and as markdown, and the before/after tables against bench/before.json.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join, delimiter, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
export const CLIENT_WASM = join(root, "target/wasm-pack/client/hubspot_associations_bg.wasm");

/** twiggy's version, or null when it is not installed (looked for on PATH and in ~/.cargo/bin). */
export function twiggyVersion() {
  const cargoBin = join(homedir(), ".cargo", "bin");
  if (!process.env.PATH?.split(delimiter).includes(cargoBin) && existsSync(join(cargoBin, "twiggy"))) {
    process.env.PATH = `${process.env.PATH ?? ""}${delimiter}${cargoBin}`;
  }
  try {
    return execFileSync("twiggy", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/**
 * bench/sizes.mjs's summary of `wasm` ({total, byCrate, byKind, monos}) plus the module's bytes and
 * hash, or {skipped: why}. sizes.mjs reads its module from argv[2] when it loads: set it for the import.
 */
export async function breakdown(wasm = CLIENT_WASM) {
  const twiggy = twiggyVersion();
  if (!twiggy) return { skipped: "twiggy is not installed (`cargo install twiggy`)" };
  if (!existsSync(wasm)) return { skipped: `${wasm} does not exist (\`make build\` writes it)` };
  const saved = process.argv[2];
  process.argv[2] = wasm;
  try {
    const { summarise } = await import(`./sizes.mjs?wasm=${encodeURIComponent(wasm)}`);
    const s = summarise();
    const bytes = readFileSync(wasm);
    return {
      twiggy,
      wasm: relative(root, wasm),
      bytes: bytes.length,
      mtime: statSync(wasm).mtime.toISOString(),
      sha: createHash("sha256").update(bytes).digest("hex").slice(0, 16),
      total: s.total,
      byCrate: s.byCrate,
      byKind: s.byKind,
      monos: s.monos,
    };
  } finally {
    process.argv[2] = saved;
  }
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const pct = (b, t) => `${((100 * b) / t).toFixed(1)} %`;
const delta = (a, b) => {
  if (a == null || b == null) return "—";
  const d = b - a;
  return `${d > 0 ? "+" : d < 0 ? "−" : "±"}${kb(Math.abs(d))}${a ? ` (${d > 0 ? "+" : d < 0 ? "−" : "±"}${Math.abs((100 * d) / a).toFixed(0)} %)` : ""}`;
};

/** Markdown of one breakdown: by crate (top `n`), by kind, the largest monomorphisations. */
export function breakdownMarkdown(b, { n = 12 } = {}) {
  if (b.skipped) return `_Size breakdown skipped: ${b.skipped}._`;
  const L = [];
  L.push(`\`${b.wasm}\` (${kb(b.bytes)} with its name section; ${kb(b.total)} of code and data counted), ${b.twiggy}.`);
  L.push("");
  L.push("| crate | bytes | share |", "|---|---:|---:|");
  const crates = b.byCrate.slice(0, n);
  for (const [k, v] of crates) L.push(`| ${k} | ${kb(v)} | ${pct(v, b.total)} |`);
  const rest = b.byCrate.slice(n).reduce((s, [, v]) => s + v, 0);
  if (rest) L.push(`| ${b.byCrate.length - n} other crates | ${kb(rest)} | ${pct(rest, b.total)} |`);
  L.push("");
  L.push("| kind | bytes | share |", "|---|---:|---:|");
  for (const [k, v] of b.byKind) L.push(`| ${k} | ${kb(v)} | ${pct(v, b.total)} |`);
  L.push("");
  L.push("| largest monomorphised generics (`twiggy monos`) | bloat bytes |", "|---|---:|");
  for (const m of b.monos.slice(0, 10)) L.push(`| \`${m.name.replace(/\|/g, "\\|").slice(0, 140)}\` | ${kb(m.bytes)} |`);
  return L.join("\n");
}

/** Before → after rows for [label, before, after] byte counts. */
function rowsBA(title, rows) {
  const L = [`| ${title} | before | after | change |`, "|---|---:|---:|---:|"];
  for (const [k, a, b] of rows) L.push(`| ${k} | ${a == null ? "—" : kb(a)} | ${b == null ? "—" : kb(b)} | ${delta(a, b)} |`);
  return L.join("\n");
}

/**
 * Joins two [name, bytes] lists; keeps the names of either list's first `n`. `missing`: the bytes of a
 * name absent from a list (0 for the complete by-crate and by-kind lists; null, shown "—", for monos,
 * which list only the largest).
 */
function joined(before = [], after = [], n = 12, missing = 0) {
  const a = new Map(before), b = new Map(after);
  const names = [...new Set([...before.slice(0, n).map(([k]) => k), ...after.slice(0, n).map(([k]) => k)])];
  names.sort((x, y) => Math.max(a.get(y) ?? 0, b.get(y) ?? 0) - Math.max(a.get(x) ?? 0, b.get(x) ?? 0));
  return names.map((k) => [k, a.get(k) ?? missing, b.get(k) ?? missing]);
}

/**
 * The before/after size tables: `before` is bench/before.json, `after` this run's
 * {sizes: measureAll(), breakdown: breakdown()}.
 */
export function beforeAfterMarkdown(before, after) {
  const L = [];
  const s0 = before.sizes, s1 = after.sizes;
  L.push(rowsBA("gzipped (esbuild, minify)", [
    ["default browser entry: JS", s0.browser.jsGz, s1.browser.jsGz],
    ["default browser entry: .wasm it loads", s0.browser.wasmGz, s1.browser.wasmGz],
    ["**default browser entry: JS + .wasm** (budget 80 KB)", s0.browser.totalGz, s1.browser.totalGz],
    ["**`/inline`** (budget 110 KB)", s0.inline.totalGz, s1.inline.totalGz],
    ["the emulator's wasm (`/mock`)", s0.mock.reduce((s, m) => s + m.gz, 0), s1.mock.reduce((s, m) => s + m.gz, 0)],
    ["client .wasm, uncompressed", s0.browser.assets.reduce((s, a) => s + a.bytes, 0), s1.browser.assets.reduce((s, a) => s + a.bytes, 0)],
  ]));
  const b0 = before.breakdown, b1 = after.breakdown;
  if (b0 && !b0.skipped && b1 && !b1.skipped) {
    L.push("");
    L.push(rowsBA("twiggy top, by crate", [["(all code and data)", b0.total, b1.total], ...joined(b0.byCrate, b1.byCrate)]));
    L.push("");
    L.push(rowsBA("twiggy top, by kind", [["(all code and data)", b0.total, b1.total], ...joined(b0.byKind, b1.byKind, 99)]));
    L.push("");
    const short = (name) => `\`${name.replace(/\|/g, "\\|").slice(0, 100)}\``;
    const m0 = b0.monos.map((m) => [short(m.name), m.bytes]), m1 = b1.monos.map((m) => [short(m.name), m.bytes]);
    L.push(rowsBA("twiggy monos: bloat of the largest generics (— : not among the largest)", joined(m0, m1, 8, null)));
  } else {
    L.push("");
    L.push(`_twiggy breakdown before/after: ${b1?.skipped ?? b0?.skipped ?? "not available"}._`);
  }
  return L.join("\n");
}
