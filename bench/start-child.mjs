// Start figure: a fresh `node` runs this file; it prints performance.now() (ms since the process
// began) when its first call has completed. argv: which ("ours" | "theirs"), url, token.
const [which, url, token] = process.argv.slice(2);
if (which === "ours") {
  const { HubSpotAssociations } = await import("hubspot-associations");
  const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
  await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
} else {
  const { Client } = await import("@hubspot/api-client");
  const client = new Client({ accessToken: token, basePath: url });
  await client.crm.associations.v4.basicApi.createDefault("contacts", "1", "companies", "2");
}
process.stdout.write(`${performance.now()}\n`);
