// The client a command works with: the package's own node entry, pointed at HubSpot (or
// --base-url) with the token, or at the embedded emulator for a dry run (--emulator). Its
// `onEvent` feeds the counters shown as progress (requests, retries, 429s).
import { readFileSync } from "node:fs";
import { UsageError, setSecret } from "./errors.js";

/** The user agent the command line sends. */
const userAgent = (version) => `hubspot-associations-cli/${version}`;

/**
 * Finds the access token: --token-file, else HUBSPOT_TOKEN. Returns null for a dry run.
 * Throws a UsageError when there is none (the message never contains a token).
 * @param {{ emulator?: boolean, tokenFile?: string }} opts
 * @param {string} command
 * @returns {string | null}
 */
export function findToken(opts, command) {
  if (opts.emulator) return null;
  let token;
  if (opts.tokenFile !== undefined) {
    try {
      token = readFileSync(opts.tokenFile, "utf8").trim();
    } catch (e) {
      throw new UsageError(`cannot read --token-file ${opts.tokenFile}: ${e.code === "ENOENT" ? "no such file" : e.code ?? "unreadable"}`, command);
    }
    if (!token) throw new UsageError(`--token-file ${opts.tokenFile} is empty`, command);
  } else {
    token = (process.env.HUBSPOT_TOKEN ?? "").trim();
    if (!token) throw new UsageError("no access token: set HUBSPOT_TOKEN or give --token-file FILE (or --emulator for a dry run)", command);
  }
  if (/\s/.test(token)) throw new UsageError(`the access token${opts.tokenFile !== undefined ? ` in ${opts.tokenFile}` : " in HUBSPOT_TOKEN"} has spaces or several lines`, command);
  setSecret(token);
  return token;
}

/**
 * The counters `onEvent` keeps.
 * @typedef {{ requests: number, retries: number, rateLimited: number }} Counters
 */

/**
 * A connected client and what goes with it.
 * @typedef {{ client: any, counters: Counters, emulator: boolean,
 *   seedLabels: (labels: Array<{fromObjectType: string, toObjectType: string, label: string}>) => Promise<void>,
 *   trim: () => void }} Connection
 */

/**
 * Makes the client for a command's options.
 * @param {{ emulator?: boolean, baseUrl?: string, apiVersion: string, maxRetries: number, batchSize?: number, timeoutMs?: number }} opts
 * @param {string | null} token from `findToken`
 * @param {string} version the package's version (for the user agent)
 * @param {(counters: Counters) => void} [onChange] called after each counted event
 * @returns {Promise<Connection>}
 */
export async function connect(opts, token, version, onChange = () => {}) {
  // The node entry loads the client's wasm: imported here, not at start, so that --help is quick.
  const { HubSpotAssociations } = await import("../node.js");
  const counters = { requests: 0, retries: 0, rateLimited: 0 };
  const onEvent = (e) => {
    if (e.type === "request") counters.requests++;
    else if (e.type === "retry") counters.retries++;
    else if (e.type === "response" && e.status === 429) counters.rateLimited++;
    else return;
    onChange(counters);
  };
  const common = {
    apiVersion: opts.apiVersion,
    maxRetries: opts.maxRetries,
    onEvent,
    userAgent: userAgent(version),
    ...(opts.batchSize ? { batchSize: { read: opts.batchSize, write: opts.batchSize } } : {}),
  };
  if (!opts.emulator) {
    const client = new HubSpotAssociations({ ...common, accessToken: token, ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
    return { client, counters, emulator: false, seedLabels: async () => {}, trim: () => {} };
  }
  // A dry run: the embedded emulator (its own wasm, loaded only here), with no auth and no limits.
  const { createMockHubSpot } = await import("../mock.js");
  let seed = {};
  let mock = createMockHubSpot({ requireAuth: false, seed });
  const client = new HubSpotAssociations({ ...common, baseUrl: mock.baseUrl, fetch: (url, init) => mock.fetch(url, init) });
  return {
    client,
    counters,
    emulator: true,
    /** Gives the emulator the labels the input names (it only knows HubSpot's own types). */
    async seedLabels(labels) {
      seed = {
        labels: labels.map((l, i) => ({ ...l, name: `dry_run_label_${i + 1}` })),
      };
      mock = createMockHubSpot({ requireAuth: false, seed });
    },
    /**
     * Empties the emulator's state and request log (back to its seed), so that a dry run of a
     * million rows does not keep a million associations and ten thousand requests in memory.
     */
    trim() {
      mock.reset();
    },
  };
}
