// A loopback emulator in its own process, so that the client's CPU and RSS are measured alone.
// argv[2]: JSON {options, seedAssoc: {from, perFrom, labelled}}; prints the URL on the first stdout line.
// v4 reads answer `toObjectId` as a JSON number, as HubSpot does (the emulator's default).
import { startMockServer } from "hubspot-associations/mock";

const spec = JSON.parse(process.argv[2] ?? "{}");
const options = { ...(spec.options ?? {}) };
if (spec.seedAssoc) {
  // `from` contacts, each associated with `perFrom` companies. `labelled`: answers shaped like
  // HubSpot's for a CRM in use: each contact's first company is its primary (types 1 "Primary" and
  // 279, whose label is null), the second carries a user-defined label too, the others only 279.
  const { from, perFrom, labelled = false } = spec.seedAssoc;
  const associations = [];
  for (let f = 1; f <= from; f++) {
    for (let t = 1; t <= perFrom; t++) {
      const types = !labelled ? [] : t === 1 ? [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }] : t === 2 ? [{ label: "Billing contact" }] : [];
      associations.push({ fromObjectType: "contacts", fromObjectId: String(f), toObjectType: "companies", toObjectId: String(1_000_000 + (f - 1) * perFrom + t), types });
    }
  }
  options.seed = { associations };
  if (labelled) options.seed.labels = [{ fromObjectType: "contacts", toObjectType: "companies", label: "Billing contact", name: "billing_contact", inverseLabel: "Billing company" }];
}
const server = await startMockServer({ ...options, port: 0 });
process.stdout.write(`${server.url}\n`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
