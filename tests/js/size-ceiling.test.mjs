// Issue 10's browser budget (≤ 80 KB gzipped) is not met yet: its test waits in
// size.test.mjs.pending and joins `make test` when it passes (/inline's, ≤ 110 KB, is met and tested
// in size.test.mjs). Until then, this test holds the
// ground gained (from 186.7 and 263.0 KB): the client may not grow back. The ceilings are the sizes
// measured when they were set plus 1 KB; lower them as the client shrinks. They were raised twice, by
// 0.6 KB in all: for a measured trade (2xx answers read in JS by the node entries, js/decode.js, took
// batchRead's CPU from 1.29× the official client's to 0.78×, and the request naming the shape costs
// every entry a little wasm and glue), and for a fix (a record asked for twice in an allPages batch
// read had its later pages twice in its first result and none in its second). Lowered to 106.0 and
// 138.0 KB when the modules were first built with the standard library recompiled for size and
// panics as traps (scripts/wasm-env.sh: 113.0 → 104.9 and 149.2 → 137.0 KB), then to 104.5 and
// 115.5 KB with talc as the allocator (103.4 KB) and /inline's wasm as hex text (114.4 KB), then to
// 98.0 and 107.8 KB with request bodies built by hand and no Debug or Display formatting of JSON
// in the wasm (96.9 and 106.8 KB), then to 94.2 and 105.3 KB with wasm-opt inlining a function with
// one caller only when it is small (`-ocimfs 25`, scripts/build-pkg.mjs: 93.2 and 104.3 KB), then
// to 91.2 and 102.3 KB with batch chunking and one-request plans made untyped, and the error
// plumbing of each operation's params in one place (90.2 and 101.2 KB), then to 89.9 and 100.8 KB
// with params read without an early return per field (89.0 and 99.8 KB), then to 87.6 and 98.4 KB
// with no source paths in the module and its imports and exports given short names (86.6 and
// 97.4 KB).
// Measured as bench/bundle.mjs and `make bench` do (esbuild, minified, gzip -9; the .wasm the default
// entry loads counted with it).
import test from "node:test";
import assert from "node:assert/strict";
import { measureBundle, ENTRIES } from "../../bench/bundle.mjs";

const CEILING = { browser: 87.6 * 1024, inline: 98.4 * 1024 };
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

for (const entry of ["browser", "inline"]) {
  test(`${ENTRIES[entry]}: the gzipped client does not grow back past ${kb(CEILING[entry])}`, async () => {
    const m = await measureBundle(ENTRIES[entry]);
    assert.ok(m.totalGz > 10 * 1024, `implausibly small: ${kb(m.totalGz)} (is the wasm counted?)`);
    assert.ok(m.totalGz <= CEILING[entry], `${ENTRIES[entry]} is ${kb(m.totalGz)} gzipped, over its ceiling of ${kb(CEILING[entry])}`);
  });
}
