// The README's host sections quote the fixtures that the host tests build and run: each fixture's
// code (after its header comment) must appear in the README as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
const readme = read("README.md");
const body = (text) => {
  const lines = text.split("\n");
  let i = 0;
  while (lines[i].startsWith("//")) i++;
  return lines.slice(i).join("\n").trim();
};

for (const f of ["tests/hosts/app.js", "tests/hosts/webpack-app/webpack.config.js", "tests/hosts/worker/worker.js", "tests/hosts/worker/main.js"]) {
  test(`README quotes ${f}`, () => {
    assert.ok(readme.includes(body(read(f))), `the README's code for ${f} is out of date`);
  });
}
