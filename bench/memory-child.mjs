// Memory figure: reads every association of `ids` contacts with batchRead({allPages: true}) and
// prints {baselineKb, peakKb, read} (peak = process.resourceUsage().maxRSS, in KiB).
import { HubSpotAssociations } from "hubspot-associations";
const [url, token, n] = process.argv.slice(2);
const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
await hs.listLabels({ fromObjectType: "contacts", toObjectType: "companies" }); // wasm loaded, connection warm
const baselineKb = process.resourceUsage().maxRSS;
const inputs = Array.from({ length: Number(n) }, (_, i) => ({ id: String(i + 1) }));
const r = await hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs, allPages: true });
const read = r.results.reduce((s, x) => s + x.to.length, 0);
process.stdout.write(JSON.stringify({ baselineKb, peakKb: process.resourceUsage().maxRSS, read }) + "\n");
