#!/usr/bin/env bash
# Every test layer of design.md §6 that exists: native Rust (fmt, clippy, docs, cargo test),
# wasm-bindgen-test in Node and headless Chromium, and the JS tests of the built package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "rustfmt"
cargo fmt --check
step "clippy (native and wasm32)"
cargo clippy --all-targets --features emulator -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --features emulator -- -D warnings
step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features emulator --quiet
step "native tests (cargo test)"
cargo test --features emulator
step "wasm-bindgen-test in Node"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm
step "wasm-bindgen-test in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm
step "TypeScript (tsc --strict over a typed usage file)"
node tests/types/check.mjs
step "JS tests of the built package (node --test)"
node --test --test-reporter=spec tests/js/
