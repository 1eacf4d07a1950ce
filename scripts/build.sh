#!/usr/bin/env bash
# Builds the npm package into pkg/: the client's wasm and the mock's wasm (two modules, so that
# importing the client never loads the emulator), then the entries (scripts/build-pkg.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
quiet() { local log; log=$(mktemp); if ! "$@" >"$log" 2>&1; then cat "$log"; rm -f "$log"; return 1; fi; rm -f "$log"; }
. scripts/wasm-env.sh
echo "[build] wasm-pack: client"
quiet wasm-pack build --mode no-install --no-pack --target web --release \
  --out-dir target/wasm-pack/client --out-name hubspot_associations
echo "[build] wasm-pack: mock (emulator)"
quiet wasm-pack build --mode no-install --no-pack --target web --release \
  --out-dir target/wasm-pack/mock --out-name hubspot_associations_mock -- --no-default-features --features emulator
echo "[build] package"
node scripts/build-pkg.mjs
