#!/usr/bin/env node
// hubspot-associations-mock: the embedded HubSpot emulator on a loopback HTTP port, so that any
// client (curl, the official @hubspot/api-client, your app) can be pointed at it.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMockServer } from "../mock.js";

const USAGE = `Usage: hubspot-associations-mock [options]

Serves the HubSpot CRM Associations emulator over HTTP (default http://127.0.0.1:8787).

Options:
  --port N              port to listen on (0 picks a free one; default 8787)
  --host H              address to bind (default 127.0.0.1)
  --access-token T      accept only this bearer token (default: any non-empty token)
  --no-auth             accept requests without Authorization (as behind a backend)
  --seed FILE           initial data: a JSON seed {records, labels, associations, limits}
  --options JSON        any emulator options as JSON (flags above take precedence)
  --log                 print one line per request on stderr
  -h, --help            this help

The first line on stdout is "hubspot-associations-mock listening on <url>".`;

function fail(message) {
  process.stderr.write(`hubspot-associations-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "access-token": { type: "string" },
      "no-auth": { type: "boolean" },
      seed: { type: "string" },
      options: { type: "string" },
      log: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (e) {
  fail(e.message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let options = {};
if (args.options !== undefined) {
  try {
    options = JSON.parse(args.options);
  } catch (e) {
    fail(`--options is not JSON: ${e.message}`);
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) fail("--options must be a JSON object");
}
if (args["access-token"] !== undefined) options.accessToken = args["access-token"];
if (args["no-auth"]) options.requireAuth = false;
if (args.seed !== undefined) {
  try {
    options.seed = JSON.parse(readFileSync(args.seed, "utf8"));
  } catch (e) {
    fail(`cannot read the seed ${args.seed}: ${e.message}`);
  }
}
const port = args.port === undefined ? 8787 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${args.port}`);

let server;
try {
  server = await startMockServer({
    ...options,
    host: args.host ?? "127.0.0.1",
    port,
    onRequest: args.log ? (r) => process.stderr.write(`${r.method} ${r.url} -> ${r.status}\n`) : undefined,
  });
} catch (e) {
  process.stderr.write(`hubspot-associations-mock: ${e.message}\n`);
  process.exit(1);
}
process.stdout.write(`hubspot-associations-mock listening on ${server.url}\n`);
const auth = options.requireAuth === false ? "no auth required" : options.accessToken ? "one bearer token accepted (--access-token)" : "any bearer token accepted";
process.stdout.write(`  ${auth}; point a client at it with baseUrl/basePath ${server.url}; Ctrl-C stops it\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(() => process.exit(0));
  });
}
