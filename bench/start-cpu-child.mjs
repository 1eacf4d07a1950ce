// Start figure: a fresh `node` runs this file, imports a client and completes one call (ours: the
// node entry; theirs: @hubspot/api-client; fetch: no client, Node's own fetch of the same request;
// contract: that fetch, after reading and compiling the client's .wasm, as any client made of it must).
// It prints {ms, cpuMs}: wall time since the process began (performance.now()) and the process's CPU
// (user+system, all threads, since it began) when the first call has completed.
// argv: which ("ours" | "theirs" | "fetch" | "contract"), url, token.
const [which, url, token] = process.argv.slice(2);
if (which === "ours") {
  const { HubSpotAssociations } = await import("hubspot-associations");
  const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
  await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
} else if (which === "fetch" || which === "contract") {
  if (which === "contract") {
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    const wasm = createRequire(import.meta.url).resolve("hubspot-associations/package.json").replace(/package\.json$/, "wasm/hubspot_associations_bg.wasm");
    new WebAssembly.Module(readFileSync(wasm));
  }
  const r = await fetch(`${url}/crm/v4/objects/contacts/1/associations/default/companies/2`, { method: "PUT", headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  if (r.status >= 300) throw new Error(`fetch: ${r.status}`);
  await r.json();
} else {
  const { Client } = await import("@hubspot/api-client");
  const client = new Client({ accessToken: token, basePath: url });
  await client.crm.associations.v4.basicApi.createDefault("contacts", "1", "companies", "2");
}
const ms = performance.now();
const c = process.cpuUsage();
process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000 }) + "\n");
