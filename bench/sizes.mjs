// Where the client's wasm bytes go: `twiggy top` of the module wasm-bindgen wrote (before wasm-opt,
// with its name section), summed by crate and by kind, plus `twiggy monos` (generic code copied per
// type). `node bench/sizes.mjs [module.wasm]` prints markdown tables; twiggy is on PATH after
// `cargo install twiggy` (bench/RESULTS.md quotes a run). The name section itself is left out of the sums.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const wasm = process.argv[2] ?? "target/wasm-pack/client/hubspot_associations_bg.wasm";
if (!existsSync(wasm)) throw new Error(`${wasm} does not exist: run \`make build\` first`);

function csv(args) {
  const text = execFileSync("twiggy", [...args, "--format", "csv", wasm], { encoding: "utf8", maxBuffer: 1 << 28 });
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      // Name,ShallowSize,… where Name may be quoted with doubled quotes.
      const m = /^"((?:[^"]|"")*)",(\d+)/.exec(line) ?? /^([^,]*),(\d+)/.exec(line);
      // Names of a build-std module carry crate disambiguators (`core[1b80778acbf7b3a4]::`), and
      // twiggy's monos then end their generic names with `::`: both dropped.
      const name = (n) => n.replace(/""/g, '"').replace(/\[[0-9a-f]{16}\]/g, "").replace(/::$/, "");
      return m ? { name: name(m[1]), bytes: Number(m[2]) } : null;
    })
    .filter(Boolean);
}

/** The crate an item belongs to (its first path segment, generics and references peeled off). */
export function crateOf(name) {
  if (/^(data segment|"?function names|type\[|table\[|elem\[|global\[|import |export |code\[|custom section)/.test(name)) return "(sections and data)";
  const s = name.replace(/^[<&\s]*(mut\s+|dyn\s+)?/, "").replace(/^\(/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
  if (!m) return "(other)";
  return m[1].startsWith("__wbg") || m[1].startsWith("__wbindgen") || m[1] === "wbg" ? "wasm-bindgen (imports)" : m[1];
}

/** What an item is for, by its name. */
export function kindOf(name) {
  if (/^data segment/.test(name)) return "data (.rodata: strings, tables)";
  if (/^(type|table|elem|global|import|export|code)\[|custom section/.test(name)) return "wasm structure";
  if (/flt2dec|dragon|grisu|float_to_|fmt::float|dec2flt/.test(name)) return "float formatting and parsing";
  if (/de::|[Dd]eserializ|Visitor|visit_|MapAccess|SeqAccess/.test(name)) return "deserialising (serde)";
  if (/[Ss]erializ|ser::/.test(name)) return "serialising (serde)";
  if (/\{\{closure\}\}|Future|::poll|future|Promise|async/.test(name)) return "async (futures, promises)";
  if (/core::fmt|fmt::|Display|Debug|format|write_str|panic/.test(name)) return "formatting and panics";
  if (/alloc|dlmalloc|RawVec|reserve|clone|drop_in_place|Vec<|String/.test(name)) return "allocation, clone, drop";
  if (/wasm_bindgen|js_sys|web_sys|__wbg|__wbindgen|externref/.test(name)) return "JS glue (wasm-bindgen)";
  return "other code";
}

function table(title, rows, total) {
  const lines = [`| ${title} | bytes | % |`, "|---|---:|---:|"];
  for (const [k, v] of rows) lines.push(`| ${k} | ${v} | ${((100 * v) / total).toFixed(1)} |`);
  return lines.join("\n");
}

export function summarise() {
  const items = csv(["top", "-n", "1000000"]).filter((r) => !/function names|^Σ|and \d+ more/.test(r.name));
  const total = items.reduce((a, r) => a + r.bytes, 0);
  const group = (f) => [...items.reduce((m, r) => m.set(f(r.name), (m.get(f(r.name)) ?? 0) + r.bytes), new Map())].sort((a, b) => b[1] - a[1]);
  const byCrate = group(crateOf);
  const byKind = group(kindOf);
  const monos = csv(["monos", "-n", "12"])
    .filter((r) => !/^Σ|and \d+ more/.test(r.name))
    .slice(0, 12);
  return { total, byCrate, byKind, monos };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, byCrate, byKind } = summarise();
  console.log(`${wasm}: ${total} bytes of code and data (name section excluded)\n`);
  console.log(table("crate", byCrate.slice(0, 15), total));
  console.log();
  console.log(table("kind", byKind, total));
  console.log();
  console.log(execFileSync("twiggy", ["monos", "-n", "10", wasm], { encoding: "utf8" }).split("\n").filter((l) => !/^\s+┊\s+┊/.test(l)).join("\n"));
}
