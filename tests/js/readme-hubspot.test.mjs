// The README's "HubSpot UI extensions (card + backend)" code, run as written: the backend block as a
// module (its env pointing at the emulator's loopback server), the card block bundled with esbuild,
// `@hubspot/ui-extensions` standing in as a stub whose hubspot.fetch signs like HubSpot and sends
// "https://example.com" to the loopback backend.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { signHubSpotRequest } from "hubspot-associations/proxy";
import { startMockServer } from "hubspot-associations/mock";

const root = fileURLToPath(new URL("../../", import.meta.url));
const TOKEN = "pat-na1-readme-token";
const SECRET = "readme-client-secret";

async function section() {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("### HubSpot UI extensions (card + backend)");
  assert.ok(start >= 0, "README section missing");
  const end = readme.indexOf("\n### ", start + 10);
  const blocks = [...readme.slice(start, end).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 2);
  return { card: blocks[0], backend: blocks[1] };
}

async function freePort() {
  const s = http.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

test("README: HubSpot card + backend, as written", { timeout: 60_000 }, async () => {
  const { card, backend } = await section();
  const upstream = await startMockServer({ accessToken: TOKEN, port: 0 });
  cleanup.push(() => upstream.close());
  const port = await freePort();
  Object.assign(process.env, { HUBSPOT_TOKEN: TOKEN, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_ORIGIN: "https://example.com",
    HUBSPOT_UPSTREAM: upstream.url, PORT: String(port) });
  await mkdir(path.join(root, "test-output"), { recursive: true });
  const dir = await mkdtemp(path.join(root, "test-output", "readme-hubspot-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));

  await writeFile(path.join(dir, "backend.mjs"), backend);
  const { server } = await import(pathToFileURL(path.join(dir, "backend.mjs")).href);
  cleanup.push(() => new Promise((r) => server.close(r)));
  if (!server.listening) await new Promise((r) => server.once("listening", r));

  const calls = [];
  globalThis.__readmeHubspot = {
    async fetch(url, { method, body, timeout }) {
      calls.push({ url, method, body, timeout });
      const text = body === undefined ? "" : JSON.stringify(body);
      const timestamp = Date.now();
      const signature = await signHubSpotRequest({ clientSecret: SECRET, method, url, body: text, timestamp });
      const r = await fetch(url.replace("https://example.com", `http://127.0.0.1:${port}`), { method, body: text || undefined,
        headers: { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) } });
      const answer = await r.text();
      return { status: r.status, ok: r.ok, json: async () => (answer ? JSON.parse(answer) : undefined) };
    },
  };
  const stub = path.join(dir, "ui-extensions-stub.mjs");
  await writeFile(stub, "export const hubspot = globalThis.__readmeHubspot;\n");
  await writeFile(path.join(dir, "card.mjs"), card);
  await build({ entryPoints: [path.join(dir, "card.mjs")], outfile: path.join(dir, "card.bundle.mjs"), bundle: true, format: "esm",
    platform: "browser", logLevel: "error", alias: { "@hubspot/ui-extensions": stub } });
  const { linkPrimaryCompany } = await import(pathToFileURL(path.join(dir, "card.bundle.mjs")).href);

  const read = await linkPrimaryCompany("101", "202");
  assert.deepEqual(read.results[0].to.map((t) => t.toObjectId), ["202"]);
  assert.ok(read.results[0].to[0].associationTypes.some((t) => t.label === "Primary"));
  assert.equal(calls[0].url, "https://example.com/api/hubspot/crm/objects/2026-03/contacts/101/associations/companies/202");
  assert.ok(!Array.isArray(calls[0].body));
  assert.deepEqual(upstream.mock.requests().map((r) => r.status), [201, 200]);
});
