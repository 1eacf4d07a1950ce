// The demo's static server: www/ at /, the built package (pkg/) at /pkg/, on 127.0.0.1 only.
//   node www/serve.mjs [--port 8080]      (port 0 picks a free one; the URL is printed)
// Also imported by the tests: `const { url, close } = await serve({ port: 0 })`.
import http from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOTS = [
  ["/pkg/", path.resolve(here, "../pkg")],
  ["/", here],
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/** Maps a URL path to a file under one of the roots, or null if it would leave the root. */
function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  for (const [prefix, dir] of ROOTS) {
    if (!decoded.startsWith(prefix)) continue;
    const file = path.resolve(dir, "." + decoded.slice(prefix.length - 1));
    return file === dir || file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

async function handle(req, res) {
  const send = (status, text) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(text);
  };
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed");
  let file = resolve(new URL(req.url, "http://localhost").pathname);
  if (!file) return send(404, "not found");
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(404, "not found");
  res.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "content-length": info.size,
    "cache-control": "no-cache",
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file).pipe(res);
}

/** Starts the server; resolves to `{ url, server, close() }`. */
export async function serve({ port = 8080, host = "127.0.0.1" } = {}) {
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const url = `http://${host}:${server.address().port}/`;
  return {
    url,
    server,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const { url } = await serve({ port });
  console.log(`hubspot-associations demo: ${url}  (Ctrl-C to stop; run \`make build\` first so /pkg/ exists)`);
}
