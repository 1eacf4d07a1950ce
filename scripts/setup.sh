#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine of this kind; quick when
# all is there already. `--browser` (the tests' setup) also installs Debian's Chromium, ChromeDriver
# and redis-server (the shared rate-limit tests start their own on a loopback port); `--redis`
# installs only redis-server (`make bench`'s multi-process job).
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
if ! rustup component list --installed | grep -q '^rust-src'; then
  # The package's wasm is built with the standard library recompiled for size (scripts/build.sh).
  say "adding the rust-src component"
  rustup component add rust-src
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
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
fi
if { [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--redis" ]; } && [ ! -x /usr/bin/redis-server ]; then
  # Only the binary is used: the tests start their own server (loopback, temp dir, no persistence).
  say "installing Debian's redis-server"
  apt_install redis-server
fi
