// webpack 5 needs no loader or experiment for the package: the browser entry's
// `new URL("./wasm/….wasm", import.meta.url)` is emitted as an asset (asset/resource) by default.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  mode: "production",
  target: "web",
  context: here,
  entry: "./src/index.js",
  output: { path: path.join(here, "dist"), filename: "main.js", clean: true },
};
