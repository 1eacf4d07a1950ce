# The environment both wasm modules are built in (sourced by scripts/build.sh and
# bench/store-cost.sh).
#
# The standard library is recompiled for size and every panic is an immediate trap
# (`-Cpanic=immediate-abort`): no panic messages, locations or formatting machinery in the module
# (a wasm32-unknown-unknown panic prints nowhere anyway, so nothing observable is lost); the
# browser bundle went from 113.0 to 104.9 KB gzipped when this came in. `-Z build-std` is
# unstable: RUSTC_BOOTSTRAP lets the stable toolchain do it, for this build only (the crate itself
# builds on stable as is), with the toolchain's rust-src (scripts/setup.sh adds it). A target dir
# of its own, since these flags rebuild everything.
# `-Zlocation-detail=none`: no source paths in the module (wasm-bindgen's `unwrap_throw` and
# js-sys's futures name their call sites for messages that only an internal bug can show; with
# this they say `<redacted>`): 0.35 KB gzipped.
export RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cpanic=immediate-abort -Zunstable-options -Zlocation-detail=none"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/size}"
