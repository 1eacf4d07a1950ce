// Start figure: a fresh `node` runs this file; it prints performance.now() (ms since the process
// began) when its first call has completed. argv: which ("ours" | "theirs" | "fetch"), url, token.
const [which, url, token] = process.argv.slice(2);
if (which === "ours") {
  const { HubSpotAssociations } = await import("hubspot-associations");
  const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
  await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
} else if (which === "fetch") {
  // Baseline: Node itself and one plain fetch of the same call, no client.
  const r = await fetch(`${url}/crm/v4/objects/contacts/1/associations/default/companies/2`, { method: "PUT", headers: { authorization: `Bearer ${token}` } });
  await r.json();
} else {
  const { Client } = await import("@hubspot/api-client");
  const client = new Client({ accessToken: token, basePath: url });
  await client.crm.associations.v4.basicApi.createDefault("contacts", "1", "companies", "2");
}
process.stdout.write(`${performance.now()}\n`);
