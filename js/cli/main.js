#!/usr/bin/env node
// hubspot-associations: the command line of the package (bundled into pkg/bin/cli.js). Parses the
// arguments, runs a command, maps the outcome to an exit code (0, 1, 2 or 130).
import path from "node:path";
import v8 from "node:v8";
import { parseArgs } from "node:util";
import { realpathSync } from "node:fs";
import { USAGE } from "./usage.js";
import { UsageError, InvalidInputError, EXIT, redact } from "./errors.js";
import { openInput, formatOfName } from "./input.js";
import { objectTypeProblem, CATEGORIES } from "./rows.js";
import { findToken } from "./connect.js";
import { Progress } from "./progress.js";
import { runBulk, Interrupted } from "./bulk.js";
import { runSchema } from "./schema.js";

// A job streams millions of short-lived rows. V8 would answer that allocation rate by growing the
// young generation to its maximum (tens of MB that stay resident); keeping it at its first size
// costs more frequent, cheap scavenges and holds peak memory near 100 MB whatever the input's size
// (bench/cli.mjs measures it).
v8.setFlagsFromString("--semi-space-growth-factor=1");

/* global __VERSION__ */
/** The package's version (set when the bundle is built). */
export const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

const BULK = ["associate", "remove", "unlabel", "export"];
const ACTIONS = { labels: ["list", "create", "update", "delete"], limits: ["list", "set", "purge"] };

const COMMON_OPTIONS = {
  "api-version": { type: "string" },
  "base-url": { type: "string" },
  "token-file": { type: "string" },
  emulator: { type: "boolean" },
  progress: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};
const OPTIONS = {
  // --out is read for every bulk command so that associate, remove and unlabel can say why they refuse it.
  bulk: { ...COMMON_OPTIONS, journal: { type: "string" }, failed: { type: "string" }, "batch-size": { type: "string" },
    concurrency: { type: "string" }, "max-retries": { type: "string" }, out: { type: "string" } },
  export: { to: { type: "string" } },
  labels: { ...COMMON_OPTIONS, out: { type: "string" }, label: { type: "string" }, name: { type: "string" },
    "inverse-label": { type: "string" }, "type-id": { type: "string" } },
  limits: { ...COMMON_OPTIONS, out: { type: "string" }, "type-id": { type: "string" }, max: { type: "string" }, category: { type: "string" } },
};

/** An integer option within [min, max], or its default. */
function int(raw, flag, min, max, dflt, command) {
  if (raw === undefined) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`, command);
  return Number(raw);
}

function oneOf(raw, flag, values, dflt, command) {
  if (raw === undefined) return dflt;
  if (!values.includes(raw)) throw new UsageError(`${flag} must be ${values.join(", ").replace(/, ([^,]*)$/, " or $1")}, not ${JSON.stringify(raw)}`, command);
  return raw;
}

const same = (a, b) => {
  const real = (p) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
};

/**
 * Reads the command line into `{ command, action?, positionals, opts }`; throws a UsageError.
 * @param {string[]} argv the arguments after the program name
 */
export function parseCommandLine(argv) {
  const command = argv[0];
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    const topic = command === "help" ? argv[1] : undefined;
    return { command: "help", topic, exit: command === undefined ? EXIT.usage : EXIT.ok };
  }
  if (command === "--version") return { command: "version" };
  const group = BULK.includes(command) ? "bulk" : ACTIONS[command] ? command : null;
  if (!group) throw new UsageError(`unknown command ${JSON.stringify(command)} (one of ${[...BULK, "labels", "limits"].join(", ")})`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: { ...OPTIONS[group], ...(command === "export" ? OPTIONS.export : {}) }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, "").replace(/^Unknown option/, `unknown option for ${command}:`), command);
  }
  const v = parsed.values;
  const positionals = parsed.positionals;
  if (v.help) return { command: "help", topic: command, exit: EXIT.ok };
  if (v.version) return { command: "version" };

  const opts = {
    apiVersion: v["api-version"] ?? "2026-03",
    baseUrl: v["base-url"],
    tokenFile: v["token-file"],
    emulator: !!v.emulator,
    progress: oneOf(v.progress, "--progress", ["auto", "json", "none"], "auto", command),
    format: oneOf(v.format, "--format", ["csv", "ndjson"], undefined, command),
    out: v.out,
  };
  if (!/^(v4|\d{4}-\d{2})$/.test(opts.apiVersion)) throw new UsageError(`--api-version must be a date version such as 2026-03 or 2026-09, or v4; not ${JSON.stringify(opts.apiVersion)}`, command);
  if (opts.baseUrl !== undefined) {
    let u;
    try {
      u = new URL(opts.baseUrl);
    } catch {
      u = null;
    }
    if (!u || !/^https?:$/.test(u.protocol)) throw new UsageError(`--base-url must be an http(s) URL, not ${JSON.stringify(opts.baseUrl)}`, command);
  }
  if (opts.emulator && opts.baseUrl !== undefined) throw new UsageError("--emulator sends nothing over the network: drop --base-url", command);
  if (opts.emulator && opts.tokenFile !== undefined) throw new UsageError("--emulator needs no token: drop --token-file", command);

  if (group === "bulk") {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `${command} takes one input (FILE or -), not ${positionals.length}` : `${command} needs an input: FILE, or - for standard input`, command);
    opts.file = positionals[0];
    opts.journal = v.journal;
    opts.failed = v.failed;
    opts.concurrency = int(v.concurrency, "--concurrency", 1, 64, 4, command);
    opts.maxRetries = int(v["max-retries"], "--max-retries", 0, 10, 3, command);
    opts.batchSize = int(v["batch-size"], "--batch-size", 1, 1000, command === "export" ? 1000 : 100, command);
    if (command === "export") {
      if (v.to === undefined) throw new UsageError("export needs --to TYPE (the object type of the associations to export)", command);
      const p = objectTypeProblem(v.to);
      if (p) throw new UsageError(`--to ${p}`, command);
      opts.to = v.to;
    } else if (opts.out !== undefined) {
      throw new UsageError(`${command} writes no data: --out is for export, labels and limits (failed rows go to --failed)`, command);
    }
    for (const [flag, f] of [["--failed", opts.failed], ["--journal", opts.journal], ["--out", opts.out]]) {
      if (f !== undefined && opts.file !== "-" && same(f, opts.file)) throw new UsageError(`${flag} ${f} is the input file; give another file name`, command);
    }
    if (opts.failed !== undefined && opts.journal !== undefined && same(opts.failed, opts.journal)) throw new UsageError("--failed and --journal must be different files", command);
    return { command, group, opts };
  }

  // labels and limits
  const [action, from, to, ...extra] = positionals;
  if (!ACTIONS[command].includes(action)) {
    throw new UsageError(action === undefined ? `${command} needs an action: ${ACTIONS[command].join(", ")}` : `unknown action ${JSON.stringify(action)} for ${command} (one of ${ACTIONS[command].join(", ")})`, command);
  }
  const pairOptional = command === "limits" && action === "list";
  if (extra.length || (from === undefined) !== (to === undefined) || (from === undefined && !pairOptional)) {
    throw new UsageError(`${command} ${action} takes ${pairOptional ? "either no object types or " : ""}two object types: FROM TO`, command);
  }
  for (const t of [from, to]) {
    const p = t === undefined ? null : objectTypeProblem(t);
    if (p) throw new UsageError(`object type ${p}`, command);
  }
  opts.maxRetries = 3;
  opts.label = v.label;
  opts.name = v.name;
  opts.inverseLabel = v["inverse-label"];
  opts.typeId = v["type-id"] === undefined ? undefined : int(v["type-id"], "--type-id", 1, 2147483647, undefined, command);
  opts.max = v.max === undefined ? undefined : int(v.max, "--max", 1, 100000, undefined, command);
  opts.category = v.category === undefined ? undefined : oneOf(v.category.toUpperCase(), "--category", CATEGORIES, undefined, command);
  opts.outFormat = formatOfName(opts.out ?? "") ?? opts.format ?? "csv";
  return { command, group, action, from, to, opts };
}

/** What to do on SIGINT/SIGTERM: a job in progress stops gracefully; anything else exits now. */
const interrupt = { requested: false, graceful: false, listeners: [] };

/**
 * Runs the command line and resolves to the exit code.
 * @param {string[]} argv the arguments after the program name
 * @returns {Promise<number>}
 */
export async function main(argv) {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`hubspot-associations: ${redact(e.message)}\nRun 'hubspot-associations ${e.command ? `${e.command} ` : ""}--help' for usage.\n`);
    return EXIT.usage;
  }
  if (parsed.command === "help") {
    const text = USAGE[parsed.topic ?? "main"];
    if (!text) {
      process.stderr.write(`hubspot-associations: no help on ${JSON.stringify(parsed.topic)}\n\n${USAGE.main}`);
      return EXIT.usage;
    }
    (parsed.exit === EXIT.ok ? process.stdout : process.stderr).write(text);
    return parsed.exit;
  }
  if (parsed.command === "version") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }

  const { command, opts } = parsed;
  const label = parsed.action ? `${command} ${parsed.action}` : command;
  const progress = new Progress(opts.progress, label);
  let input = null;
  try {
    const token = findToken(opts, command);
    if (parsed.group !== "bulk") return await runSchema(command, parsed.action, parsed.from, parsed.to, opts, { token, version: VERSION, progress });
    // While standard input is being spooled, Ctrl-C simply exits (nothing has been sent).
    input = await openInput(opts.file, opts.format, command);
    interrupt.graceful = true;
    opts.outFormat = formatOfName(opts.out ?? "") ?? input.format;
    return await runBulk(command, opts, { input, token, version: VERSION, progress, interrupt });
  } catch (e) {
    if (e instanceof UsageError) {
      progress.error(`${e.message}\nRun 'hubspot-associations ${e.command ?? command} --help' for usage.`);
      return EXIT.usage;
    }
    if (e instanceof InvalidInputError) {
      progress.error(e.message);
      return EXIT.usage;
    }
    if (e instanceof Interrupted) {
      progress.error("interrupted before anything was sent");
      return EXIT.interrupted;
    }
    // A HubSpotError (labels, limits, listLabels) or anything unexpected: its message, never the token.
    const kind = e?.kind ? ` (${e.kind}${e.status ? ` ${e.status}` : ""})` : "";
    progress.error(`${e?.message ?? e}${kind}`);
    return EXIT.failed;
  } finally {
    await input?.cleanup();
  }
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (!interrupt.graceful || interrupt.requested) {
      if (interrupt.requested) process.stderr.write("\nhubspot-associations: interrupted again: exiting now (chunks in flight may be sent again on resume)\n");
      process.exit(EXIT.interrupted);
    }
    interrupt.requested = true;
    if (process.stderr.isTTY) process.stderr.write("\n");
    for (const l of interrupt.listeners) l();
  });
}

/** Exits once standard output and error have taken everything written to them (pipes may be asynchronous). */
function exit(code) {
  const flushed = (stream) => new Promise((resolve) => (stream.destroyed ? resolve() : stream.write("", () => resolve())));
  Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(code));
}

// Node exits by itself (with 0) when nothing is left to wait for: if that ever happens before the
// command has finished, something waited for an event that never came. Say so, and fail.
let finished = false;
process.on("beforeExit", () => {
  if (finished) return;
  finished = true;
  process.stderr.write("hubspot-associations: stopped waiting for something that will not happen (an internal error); the journal, if any, is up to date\n");
  exit(EXIT.failed);
});

main(process.argv.slice(2)).then((code) => {
  finished = true;
  exit(code);
}, (e) => {
  finished = true;
  process.stderr.write(`hubspot-associations: ${redact(e?.stack ?? e)}\n`);
  exit(EXIT.failed);
});
