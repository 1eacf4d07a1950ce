#!/usr/bin/env bash
# What the shared rate-limit budget (issue 12) costs the browser and /inline entries, in gzipped
# bytes: this tree against the same tree with the issue's code cut out, both measured by
# bench/bundle.mjs. Cut out are the in-process registry (every client paces alone), the store path
# of the engine (no store is ever asked) and the JS glue of `rateLimit.store` (the host's `store`
# call, the option's check). Each cut is an exact text replacement that must hit, so
# the script fails loudly when the code it cuts changes. Run after `make build`, from the root:
#   bash bench/store-cost.sh        (about 3 minutes: one more release build of the client)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
[ -f pkg/wasm/hubspot_associations_bg.wasm ] || { echo "run make build first" >&2; exit 1; }
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/tree" HEAD
# The working tree's changes too, so that what is measured is what is here.
git diff HEAD | (cd "$work/tree" && git apply --allow-empty)
mkdir "$work/tree/node_modules"
for m in node_modules/* node_modules/.[!.]*; do
  case "$(basename "$m")" in hubspot-associations | .bin | .package-lock.json) ;; *) ln -s "$root/$m" "$work/tree/node_modules/" ;; esac
done
mkdir "$work/tree/node_modules/.bin"
for b in node_modules/.bin/*; do
  case "$(basename "$b")" in hubspot-associations*) ;; *) ln -s "$root/$b" "$work/tree/node_modules/.bin/" ;; esac
done
node - "$work/tree" <<'EOF'
const fs = require("node:fs");
const tree = process.argv[2];
function cut(file, pairs) {
  let s = fs.readFileSync(`${tree}/${file}`, "utf8");
  for (const [from, to] of pairs) {
    if (!s.includes(from)) throw new Error(`${file}: the text to cut is gone: ${from.slice(0, 80)}`);
    s = s.replace(from, to);
  }
  fs.writeFileSync(`${tree}/${file}`, s);
}
const between = (file, start, end) => {
  const s = fs.readFileSync(`${tree}/${file}`, "utf8");
  const a = s.indexOf(start), b = s.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`${file}: ${start} … ${end} not found`);
  return s.slice(a, b);
};
cut("src/client/mod.rs", [
  ["let pacer_key = shared::pacer_key(&config.base_url, config.access_token.as_deref());", "let pacer_key = String::new();"],
  ["if config.pacing && config.shared {", "if false {"],
]);
cut("src/client/engine.rs", [
  ["let ask = self\n                .store\n                .as_ref()\n                .filter", "let ask = None::<&StoreState>\n                .filter"],
  ["if let Some(s) = self.store.as_ref().filter(|s| !s.failing.get()) {", "if let Some(s) = None::<&StoreState>.filter(|s| !s.failing.get()) {"],
]);
cut("src/wasm/engine.rs", [["        if store {\n", "        if false && store {\n"]]);
cut("js/client.js", [
  [between("js/client.js", "    // rateLimit.store: 0 reserve", "  };\n}\n"), ""],
  ["        store = o.rateLimit?.store ?? undefined;\n", ""],
  ['        badStore = store !== undefined && !["reserve", "settle", "block"].every((m) => typeof store[m] === "function");\n', ""],
  ["v && v === store ? true : v", "v"],
  ['      if (badStore) throw invalid("rateLimit.store needs reserve, settle and block methods");\n', ""],
  ["host: makeHost(fetchFn, onEvent, store, reader)", "host: makeHost(fetchFn, onEvent, 0, reader)"],
  ["  const nonce = `${Math.random().toString(36).slice(2)}.`;\n", ""],
]);
EOF
echo "[store-cost] building the client without the shared budget (a release build)" >&2
(cd "$work/tree" && CARGO_TARGET_DIR="$root/target/store-cost" bash -c '. scripts/wasm-env.sh
  quiet() { local log; log=$(mktemp); if ! "$@" >"$log" 2>&1; then cat "$log"; return 1; fi; }
  quiet wasm-pack build --mode no-install --no-pack --target web --release --out-dir target/wasm-pack/client --out-name hubspot_associations
  mkdir -p target/wasm-pack/mock && cp -r "'"$root"'"/target/wasm-pack/mock/. target/wasm-pack/mock/
  quiet node scripts/build-pkg.mjs')
node --input-type=module - "$work/tree" <<'EOF'
const tree = process.argv[2];
const here = await import(`${process.cwd()}/bench/bundle.mjs`);
const without = await import(`${tree}/bench/bundle.mjs`);
const kb = (b) => `${(b / 1024).toFixed(2)} KB`;
console.log("| entry | without the shared budget | with it | grows by |\n|---|---:|---:|---:|");
for (const e of ["browser", "inline"]) {
  const a = (await without.measureBundle(without.ENTRIES[e])).totalGz;
  const b = (await here.measureBundle(here.ENTRIES[e])).totalGz;
  console.log(`| ${here.ENTRIES[e]} | ${kb(a)} | ${kb(b)} | ${b - a} B (${kb(b - a)}) |`);
}
EOF
