// Size figure: a page that makes one associations call with our client (default browser entry).
import { HubSpotAssociations } from "hubspot-associations";
const hs = new HubSpotAssociations({ baseUrl: "/api/hubspot", apiVersion: "v4" });
hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" }).then(console.log);
