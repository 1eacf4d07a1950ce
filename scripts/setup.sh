#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine of this kind; quick when
# all is there already. `--browser` also installs Debian's Chromium and ChromeDriver.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"
wb_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  say "installing wasm-bindgen-cli $wb_version (pinned by Cargo.toml)"
  cargo install --locked --force wasm-bindgen-cli --version "$wb_version"
fi
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack"
  cargo install --locked wasm-pack
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` (which follows the lock) rather than `npm ci`: the registry mirror lacks other
  # platforms' optional packages (rollup's), which `npm ci` insists the lock lists.
  say "installing npm packages (npm install, following package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi
