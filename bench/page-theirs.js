// Size figure: a page that makes one associations call with @hubspot/api-client.
import { Client } from "@hubspot/api-client";
const client = new Client({ basePath: "/api/hubspot" });
client.crm.associations.v4.basicApi.createDefault("contacts", "1", "companies", "2").then(console.log);
