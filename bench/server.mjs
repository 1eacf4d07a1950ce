// A loopback emulator in its own process, so that the client's CPU and RSS are measured alone.
// argv[2]: JSON {options, seedAssoc: {from, perFrom}}; prints the URL on the first stdout line.
import { startMockServer } from "hubspot-associations/mock";

const spec = JSON.parse(process.argv[2] ?? "{}");
const options = { ...(spec.options ?? {}) };
if (spec.seedAssoc) {
  // `from` contacts, each associated with `perFrom` companies.
  const { from, perFrom } = spec.seedAssoc;
  const associations = [];
  for (let f = 1; f <= from; f++) {
    for (let t = 1; t <= perFrom; t++) {
      associations.push({ fromObjectType: "contacts", fromObjectId: String(f), toObjectType: "companies", toObjectId: String(1_000_000 + (f - 1) * perFrom + t) });
    }
  }
  options.seed = { associations };
}
const server = await startMockServer({ ...options, port: 0 });
process.stdout.write(`${server.url}\n`);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
