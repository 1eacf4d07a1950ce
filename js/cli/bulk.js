// The bulk jobs: associate, remove, unlabel and export. Each reads its input twice, streaming:
//   1. validate every row (and note which labels each object-type pair needs); if any row is
//      invalid, list them all with their line numbers and send nothing (exit 2);
//   2. list the labels of each object-type pair once (listLabels);
//   3. read again, cut rows into chunks (grouped by object-type pair and endpoint, `batchSize`
//      rows each) and send each chunk as one batch request, `concurrency` at a time.
// Memory holds the chunks being filled and sent, never the file. The journal records each
// answered chunk, so that an interrupted job resumes where it stopped.
import { readRows, inputHash, checkUnchanged, COLUMNS } from "./input.js";
import { checkRow, needsLabels } from "./rows.js";
import { TypeResolver } from "./labels.js";
import { Journal } from "./journal.js";
import { RowWriter } from "./output.js";
import { num } from "./progress.js";
import { connect } from "./connect.js";
import { EXIT, InvalidInputError, redact } from "./errors.js";

/** Raised inside a pass when the user interrupted before anything was sent. */
export class Interrupted extends Error {}

/** The columns `export` writes (also valid input for associate, remove and unlabel). */
export const EXPORT_COLUMNS = COLUMNS;

const NO_ASSOCIATIONS = "crm.associations.NO_ASSOCIATIONS_FOUND";

/** One line of text for an error entry of a batch answer: category, message and what its context adds. */
function entryReason(e) {
  const ctx = e?.context;
  const message = String(e?.message ?? "error");
  let values = [];
  if (ctx && typeof ctx === "object") values = Object.values(ctx).flat().map(String);
  else if (typeof ctx === "string" && ctx !== "{}") values = [ctx];
  const detail = values.filter((v) => !message.includes(v)).join("; ");
  return `${e?.category ? `${e.category}: ` : ""}${message}${detail ? ` (${detail})` : ""}`;
}

/** The record ids an error entry names (in its context or message; `0-1`-like type ids excluded). */
function entryIds(e) {
  const ids = new Set();
  const text = `${JSON.stringify(e?.context ?? null)} ${e?.message ?? ""}`;
  for (const m of text.matchAll(/(?<![\w-])(\d+)(?![\w-])/g)) ids.add(m[1]);
  return ids;
}

/** The reason a whole request failed, from a HubSpotError (or anything thrown). */
function thrownReason(e) {
  return redact(String(e?.message ?? e));
}

/** Whether an error stops the whole job (the token or the daily quota will not get better). */
function fatal(e) {
  return e?.status === 401 || e?.status === 403 || (e?.kind === "rate_limited" && e?.policyName === "DAILY");
}

/**
 * For each item of a chunk, null (done) or why it failed: items missing from the answer's
 * results failed, with the error entry that names their ids (or the only one) as the reason.
 */
function judgeByResults(items, envelope, doneKeys) {
  const errors = envelope?.errors ?? [];
  const named = errors.map((e) => ({ ids: entryIds(e), reason: entryReason(e) }));
  const fallback = errors.length === 1 ? named[0].reason
    : errors.length ? `not in HubSpot's results; its errors: ${[...new Set(named.map((n) => n.reason))].join(" | ").slice(0, 500)}`
    : "not in HubSpot's results";
  return items.map((it) => {
    if (doneKeys.has(it.key)) return null;
    const hit = named.find((n) => it.ids.some((id) => n.ids.has(id)));
    return hit ? hit.reason : fallback;
  });
}

/**
 * Archives answer no results (v4: 204): an item failed when an error entry names its ids; an
 * entry that names none of the chunk's items makes every other item failed, since it cannot be
 * told which it was about (removing again is harmless; losing a failure is not).
 */
function judgeByErrors(items, envelope) {
  const errors = envelope?.errors ?? [];
  if (!errors.length) return items.map(() => null);
  const named = errors.map((e) => ({ ids: entryIds(e), reason: entryReason(e), used: false }));
  const out = items.map((it) => {
    const hit = named.find((n) => it.ids.some((id) => n.ids.has(id)));
    if (hit) hit.used = true;
    return hit ? hit.reason : null;
  });
  const unplaced = named.filter((n) => !n.used);
  if (unplaced.length) {
    const reason = unplaced.length === 1 ? unplaced[0].reason : unplaced.map((n) => n.reason).join(" | ").slice(0, 500);
    return out.map((r) => r ?? reason);
  }
  return out;
}

/** What each command sends, and how an answer is read back into per-row outcomes. */
const OPS = {
  associate: {
    verb: "associated",
    required: COLUMNS.slice(0, 4),
    group: (p) => `${p.fromType}\t${p.toType}\t${needsLabels(p) || p.typeId !== undefined ? "labelled" : "default"}`,
    input: (p, types) => (types ? { from: { id: p.fromId }, to: { id: p.toId }, types } : { from: { id: p.fromId }, to: { id: p.toId } }),
    async send(client, [fromObjectType, toObjectType, mode], inputs) {
      const params = { fromObjectType, toObjectType, inputs };
      return mode === "labelled" ? client.batchCreate(params) : client.batchCreateDefault(params);
    },
    judge(items, env, [, , mode]) {
      const done = new Set();
      for (const r of env?.results ?? []) {
        if (mode === "labelled") done.add(`${r.fromObjectId}>${r.toObjectId}`);
        else done.add(`${r.from?.id}>${r.to?.id}`);
      }
      return { failures: judgeByResults(items, env, done) };
    },
  },
  remove: {
    verb: "removed",
    required: COLUMNS.slice(0, 4),
    group: (p) => `${p.fromType}\t${p.toType}\tarchive`,
    input: (p) => ({ from: { id: p.fromId }, to: [{ id: p.toId }] }),
    send: (client, [fromObjectType, toObjectType], inputs) => client.batchArchive({ fromObjectType, toObjectType, inputs }),
    judge: (items, env) => ({ failures: judgeByErrors(items, env) }),
  },
  unlabel: {
    verb: "unlabelled",
    required: COLUMNS.slice(0, 4),
    group: (p) => `${p.fromType}\t${p.toType}\tlabels`,
    input: (p, types) => ({ from: { id: p.fromId }, to: { id: p.toId }, types }),
    send: (client, [fromObjectType, toObjectType], inputs) => client.batchArchiveLabels({ fromObjectType, toObjectType, inputs }),
    judge: (items, env) => ({ failures: judgeByErrors(items, env) }),
  },
  export: {
    verb: "exported",
    required: COLUMNS.slice(0, 2),
    group: (p) => p.fromType,
    input: (p) => ({ id: p.fromId }),
    send: (client, [fromObjectType], inputs, opts) => client.batchRead({ fromObjectType, toObjectType: opts.to, inputs, allPages: true }),
    /** Rows of every association found; a record with no associations is done, with no rows. */
    judge(items, env, [fromObjectType], opts) {
      const found = new Map();
      for (const r of env?.results ?? []) {
        const id = String(r.from?.id);
        const list = found.get(id) ?? [];
        list.push(...(r.to ?? []));
        found.set(id, list);
      }
      const empty = new Set();
      const rest = [];
      for (const e of env?.errors ?? []) {
        if (e.subCategory === NO_ASSOCIATIONS) for (const id of entryIds(e)) empty.add(id);
        else rest.push(e);
      }
      const failures = judgeByResults(items, { errors: rest }, new Set([...found.keys(), ...empty]));
      const rows = [];
      const seen = new Set();
      items.forEach((it, i) => {
        // A record listed twice in one chunk is written once.
        if (failures[i] !== null || seen.has(it.key)) return;
        seen.add(it.key);
        const written = new Set();
        for (const to of found.get(it.key) ?? []) {
          for (const t of to.associationTypes ?? []) {
            const k = `${to.toObjectId}:${t.typeId}`;
            if (written.has(k)) continue;
            written.add(k);
            rows.push({ fromObjectType, fromObjectId: it.key, toObjectType: opts.to, toObjectId: String(to.toObjectId),
              associationTypeId: t.typeId, associationCategory: t.category, label: t.label ?? null });
          }
        }
      });
      return { failures, rows };
    },
  },
};

/** Rows cut into chunks: per group (object-type pair and endpoint), in file order. */
class Chunker {
  constructor(size) {
    this.size = size;
    this.groups = new Map();
    this.count = 0;
  }

  /** Adds an item; returns the group's chunk when it is full. */
  add(key, item) {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = []));
    g.push(item);
    if (g.length < this.size) return null;
    this.groups.set(key, []);
    return { index: this.count++, key, items: g };
  }

  /** The partly filled chunks left at the end of the input, in the order their groups first appeared. */
  *rest() {
    for (const [key, items] of this.groups) if (items.length) yield { index: this.count++, key, items };
    this.groups.clear();
  }
}

/**
 * The validation pass: every row checked, every invalid one reported; labels to resolve noted.
 * @returns {Promise<{ rows: number, invalid: number, sha256: string, chunks: number, header: string[] | null }>}
 */
async function validate(input, command, op, resolver, progress, interrupt, batchSize) {
  const hash = inputHash();
  let rows = 0;
  let invalid = 0;
  let header = null;
  const groups = new Map();
  for await (const r of readRows(input, { required: op.required, command, onBytes: hash.update })) {
    if (interrupt.requested) throw new Interrupted();
    if (r.meta) {
      if (r.header) header = r.header;
      if (r.unknown?.length) progress.warn(`${input.name}: ignoring column${r.unknown.length > 1 ? "s" : ""} ${r.unknown.map((u) => JSON.stringify(u)).join(", ")} (not input columns)`);
      continue;
    }
    rows++;
    const checked = r.error ? r : checkRow(command, r.values);
    if (checked.error) {
      invalid++;
      progress.invalid(`${input.name}:${r.line}`, r.line, checked.error);
      continue;
    }
    resolver.note(checked.pair);
    const key = op.group(checked.pair);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  let chunks = 0;
  for (const n of groups.values()) chunks += Math.ceil(n / batchSize);
  return { rows, invalid, sha256: hash.digest(), chunks, header };
}

/** After labels are listed: reports every row whose label or type id does not resolve. */
async function checkTypes(input, command, op, resolver, progress, interrupt) {
  let bad = 0;
  for await (const r of readRows(input, { required: op.required, command })) {
    if (interrupt.requested) throw new Interrupted();
    if (r.meta || r.error) continue;
    const c = checkRow(command, r.values);
    if (c.error || !needsLabels(c.pair)) continue;
    const t = resolver.typesOf(c.pair);
    if (t.error) {
      bad++;
      progress.invalid(`${input.name}:${r.line}`, r.line, t.error);
    }
  }
  return bad;
}

/**
 * Runs a bulk job to its end (or its interruption) and returns the exit code.
 * @param {"associate" | "remove" | "unlabel" | "export"} command
 * @param {object} opts the parsed options (see main.js)
 * @param {{ input: import("./input.js").Input, token: string | null, version: string,
 *   progress: import("./progress.js").Progress,
 *   interrupt: { requested: boolean, listeners: Array<() => void> } }} env
 * @returns {Promise<number>}
 */
export async function runBulk(command, opts, env) {
  const { input, progress, interrupt } = env;
  const op = OPS[command];
  const batchSize = opts.batchSize;
  const where = (line) => `${input.name}:${line}`;
  const resolver = new TypeResolver();

  // 1. Validate everything; nothing is sent if anything is wrong.
  const scan = await validate(input, command, op, resolver, progress, interrupt, batchSize);
  if (scan.invalid) {
    throw new InvalidInputError(`${num(scan.invalid)} invalid row${scan.invalid > 1 ? "s" : ""} of ${num(scan.rows)} in ${input.name}; nothing was sent`);
  }

  const stats = { unit: command === "export" ? "records" : "rows", total: scan.rows, done: 0, ok: 0, failed: 0, earlier: 0, requests: 0, retries: 0, rateLimited: 0, associations: 0, started: Date.now() };
  const conn = await connect(opts, env.token, env.version, (c) => {
    stats.requests = c.requests;
    stats.retries = c.retries;
    stats.rateLimited = c.rateLimited;
    progress.update();
  });

  // 2. Labels: one listLabels per object-type pair that needs them.
  if (resolver.pairCount) {
    await resolver.load(conn.client);
    if (conn.emulator) {
      const missing = resolver.missingLabels();
      if (missing.length) {
        await conn.seedLabels(missing);
        progress.info(`dry run: the emulator was given the ${missing.length} label${missing.length > 1 ? "s" : ""} the input names (${missing.map((m) => JSON.stringify(m.label)).join(", ")})`);
        const before = { ...conn.counters };
        await resolver.load(conn.client);
        // The second listing is the dry run's own business: not a request HubSpot would see.
        Object.assign(conn.counters, before);
      }
    }
    const bad = await checkTypes(input, command, op, resolver, progress, interrupt);
    if (bad) throw new InvalidInputError(`${num(bad)} row${bad > 1 ? "s" : ""} of ${num(scan.rows)} in ${input.name} name association types that do not exist; nothing was sent`);
  }
  stats.requests = conn.counters.requests;

  // 3. The journal, the failed file and (export) the output.
  const journal = opts.journal
    ? Journal.open(opts.journal, { command, input: input.name, sha256: scan.sha256, rows: scan.rows, batchSize })
    : null;
  const resuming = !!journal && journal.done.size > 0;
  if (journal) {
    for (const e of journal.done.values()) {
      stats.earlier += e.rows;
      stats.ok += e.ok;
      stats.failed += e.failed;
    }
    stats.done = stats.earlier;
  }
  const failedColumns = input.format === "csv" ? failedHeader(scan.header) : null;
  const failedFile = opts.failed ? await RowWriter.open(opts.failed, input.format, { columns: failedColumns?.columns, append: resuming }) : null;
  const out = command === "export" ? await RowWriter.open(opts.out ?? null, opts.outFormat, { columns: EXPORT_COLUMNS, append: resuming && !!opts.out }) : null;

  progress.start(stats, { chunks: scan.chunks, batchSize, dryRun: conn.emulator, resumed: resuming, input: input.name });
  if (resuming) progress.info(`resuming: ${num(journal.done.size)} of ${num(scan.chunks)} chunks (${num(stats.earlier)} ${stats.unit}) were done by earlier runs`, { chunksDone: journal.done.size });

  /** Writes a row that did not succeed to the failed file, or reports it. */
  const writeFailed = async (item, reason) => {
    if (failedFile) {
      if (input.format === "csv") {
        const fields = failedColumns.columns.map((_, i) => (i === failedColumns.reasonAt ? reason : item.raw[i] ?? ""));
        await failedFile.write(fields);
      } else {
        await failedFile.write({ ...item.raw, reason });
      }
    } else {
      progress.failed(where(item.line), item.line, reason);
    }
  };

  // 4. Send.
  await checkUnchanged(input);
  let halted = null; // "interrupted" | an error that stops the job
  let notSent = 0;
  const inflight = new Set();
  let writes = Promise.resolve();
  let sinceTrim = 0;
  const onInterrupt = () => {
    if (halted !== null) return;
    halted = "interrupted";
    progress.info(`interrupted: sending no more; ${inflight.size ? `waiting for the ${inflight.size} request${inflight.size > 1 ? "s" : ""} in flight` : "nothing in flight"} (Ctrl-C again quits at once)`);
  };
  interrupt.listeners.push(onInterrupt);
  if (interrupt.requested) onInterrupt();

  const finish = async (chunk, failures, rows, stop) => {
    // Output and failed rows first, then the journal: a chunk is done once its results are written.
    writes = writes.then(async () => {
      if (rows) for (const r of rows) await out.write(r);
      let failed = 0;
      for (let i = 0; i < chunk.items.length; i++) {
        if (failures[i] === null) continue;
        failed++;
        await writeFailed(chunk.items[i], failures[i]);
      }
      stats.done += chunk.items.length;
      stats.failed += failed;
      stats.ok += chunk.items.length - failed;
      if (rows) stats.associations += rows.length;
      if (journal && !stop) journal.chunk({ chunk: chunk.index, firstLine: chunk.items[0].line, rows: chunk.items.length, ok: chunk.items.length - failed, failed });
      progress.update();
    });
    await writes;
  };

  const sendChunk = async (chunk) => {
    const key = chunk.key.split("\t");
    const inputs = chunk.items.map((it) => it.input);
    let answer;
    try {
      answer = await op.send(conn.client, key, inputs, opts);
    } catch (e) {
      if (fatal(e)) {
        halted = halted === null || halted === "interrupted" ? e : halted;
        // With a journal, this chunk is simply not done (a resume sends it); without one, its rows
        // go to the failed file.
        if (journal) return;
        return finish(chunk, chunk.items.map(() => thrownReason(e)), null, true);
      }
      return finish(chunk, chunk.items.map(() => thrownReason(e)), null, false);
    }
    const { failures, rows } = op.judge(chunk.items, answer, key, opts);
    await finish(chunk, failures, rows, false);
    if (conn.emulator && ++sinceTrim >= 20) {
      sinceTrim = 0;
      conn.trim();
    }
  };

  /** Rows that will not be sent: the failed file keeps them when no journal will. */
  const skipUnsent = async (chunk) => {
    notSent += chunk.items.length;
    if (journal || !failedFile) return;
    const reason = halted === "interrupted" ? "not sent: the job was interrupted" : `not sent: the job stopped after ${thrownReason(halted)}`;
    writes = writes.then(async () => {
      for (const it of chunk.items) await writeFailed(it, reason);
    });
    await writes;
  };

  const handle = async (chunk) => {
    const prior = journal?.done.get(chunk.index);
    if (prior) {
      if (prior.firstLine !== chunk.items[0].line || prior.rows !== chunk.items.length) {
        throw new InvalidInputError(`--journal ${opts.journal} does not match chunk ${chunk.index} of ${input.name} (lines ${prior.firstLine}… then, ${chunk.items[0].line}… now); nothing more was sent`);
      }
      return;
    }
    while (halted === null && inflight.size >= opts.concurrency) await Promise.race(inflight);
    if (halted !== null) return skipUnsent(chunk);
    const p = sendChunk(chunk).finally(() => inflight.delete(p));
    inflight.add(p);
  };

  const chunker = new Chunker(batchSize);
  const keepReading = () => halted === null || (!journal && !!failedFile);
  try {
    for await (const r of readRows(input, { required: op.required, command })) {
      if (!keepReading()) break;
      if (r.meta) continue;
      const c = checkRow(command, r.values);
      const t = needsLabels(c.pair) || c.pair.typeId !== undefined ? resolver.typesOf(c.pair) : { types: null };
      const item = { line: r.line, raw: r.raw, input: op.input(c.pair, t.types), key: c.pair.fromId, ids: [c.pair.fromId, c.pair.toId].filter(Boolean) };
      if (command !== "export") item.key = `${c.pair.fromId}>${c.pair.toId}`;
      const chunk = chunker.add(op.group(c.pair), item);
      if (chunk) await handle(chunk);
    }
    if (keepReading()) for (const chunk of chunker.rest()) await handle(chunk);
    while (inflight.size) await Promise.race(inflight);
    await writes;
  } finally {
    interrupt.listeners.splice(interrupt.listeners.indexOf(onInterrupt), 1);
    while (inflight.size) await Promise.race(inflight).catch(() => {});
    await writes.catch(() => {});
    await failedFile?.close();
    await out?.close();
  }

  // 5. How it ended.
  const seconds = (Date.now() - stats.started) / 1000;
  const rate = seconds > 0 ? (stats.done - stats.earlier) / seconds : 0;
  const dry = conn.emulator ? " (dry run on the embedded emulator)" : "";
  const counts = `${num(stats.requests)} request${stats.requests === 1 ? "" : "s"}, ${num(stats.retries)} retries, ${num(stats.rateLimited)} 429s`;
  const fields = { ok: stats.ok, failed: stats.failed, requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited, dryRun: conn.emulator };
  if (command === "export") fields.associations = stats.associations;
  const failedNote = stats.failed && opts.failed ? `; failed ${stats.unit} are in ${opts.failed}` : "";
  if (halted === "interrupted") {
    journal?.close("interrupted", { done: stats.done });
    const how = journal ? `run the same command again (same --journal) to resume` : failedFile ? `the ${num(notSent)} ${stats.unit} not sent are in ${opts.failed}` : `without --journal, the ${stats.unit} not sent are not recorded`;
    progress.summary(`${command}${dry}: interrupted after ${num(stats.done)} of ${num(stats.total)} ${stats.unit} (${num(stats.ok)} ${op.verb}, ${num(stats.failed)} failed); ${counts}; ${how}`,
      { ...fields, exitCode: EXIT.interrupted, interrupted: true, notSent: stats.total - stats.done });
    return EXIT.interrupted;
  }
  if (halted) {
    journal?.close("stopped", { done: stats.done });
    const how = journal ? "fix the cause and run the same command again (same --journal) to go on" : failedFile ? `the ${stats.unit} not done are in ${opts.failed}` : `the ${stats.unit} not sent are not recorded (use --journal or --failed)`;
    progress.error(`stopped: ${thrownReason(halted)}`);
    progress.summary(`${command}${dry}: stopped after ${num(stats.done)} of ${num(stats.total)} ${stats.unit} (${num(stats.ok)} ${op.verb}, ${num(stats.failed)} failed); ${counts}; ${how}`,
      { ...fields, exitCode: EXIT.failed, stopped: true });
    return EXIT.failed;
  }
  journal?.close("complete", { done: stats.done });
  const earlier = stats.earlier ? `, ${num(stats.earlier)} of them by earlier runs` : "";
  const assoc = command === "export" ? ` (${num(stats.associations)} associations written)` : "";
  const code = stats.failed ? EXIT.failed : EXIT.ok;
  progress.summary(`${command}${dry}: ${num(stats.done)} ${stats.unit} in ${seconds.toFixed(1)} s (${num(rate)} ${stats.unit}/s): ${num(stats.ok)} ${op.verb}${assoc}, ${num(stats.failed)} failed${earlier}; ${counts}${failedNote}`,
    { ...fields, exitCode: code });
  return code;
}

/** The failed file's CSV header: the input's own, with a `reason` column (reused if present). */
function failedHeader(header) {
  const columns = [...(header ?? COLUMNS)];
  let reasonAt = columns.findIndex((c) => String(c).trim().toLowerCase() === "reason");
  if (reasonAt < 0) {
    columns.push("reason");
    reasonAt = columns.length - 1;
  }
  return { columns, reasonAt };
}
