// `labels list|create|update|delete FROM TO` and `limits list|set|purge FROM TO`: one or two
// calls each; results are data (standard output or --out), confirmations go to standard error.
import { connect } from "./connect.js";
import { RowWriter } from "./output.js";
import { UsageError, EXIT, redact } from "./errors.js";

/** Columns of `labels list` and `labels create`. */
export const LABEL_COLUMNS = ["category", "typeId", "label"];
/** Columns of `limits list` and `limits set`. */
export const LIMIT_COLUMNS = ["category", "typeId", "label", "maxToObjectIds"];

async function writeAll(opts, columns, records) {
  const out = await RowWriter.open(opts.out ?? null, opts.outFormat, { columns });
  for (const r of records) await out.write(r);
  await out.close();
}

const labelRecord = (t) => ({ category: t.category, typeId: t.typeId, label: t.label ?? null });
const limitRecord = (l) => ({ category: l.category, typeId: l.typeId, label: l.label ?? null, maxToObjectIds: l.userEnforcedMaxToObjectIds ?? null });

function need(value, flag, command) {
  if (value === undefined) throw new UsageError(`${command} needs ${flag}`, command);
  return value;
}

/** The category of a type id, from the pair's labels (purging a limit needs it). */
async function categoryOf(client, from, to, typeId, command) {
  const { results } = await client.listLabels({ fromObjectType: from, toObjectType: to });
  const t = results.find((x) => x.typeId === typeId);
  if (!t) throw new UsageError(`${typeId} is not an association type from ${from} to ${to}; give --category`, command);
  return t.category;
}

/** Batch answers of limits: their per-input errors, if any, as one message. */
function batchErrors(env) {
  const errs = env?.errors ?? [];
  return errs.length ? errs.map((e) => `${e.category ? `${e.category}: ` : ""}${e.message}`).join("; ") : null;
}

/**
 * Runs `labels …` or `limits …`; returns the exit code.
 * @param {"labels" | "limits"} group
 * @param {string} action
 * @param {string | undefined} from
 * @param {string | undefined} to
 * @param {object} opts the parsed options
 * @param {{ token: string | null, version: string, progress: import("./progress.js").Progress }} env
 * @returns {Promise<number>}
 */
export async function runSchema(group, action, from, to, opts, env) {
  const command = `${group} ${action}`;
  const { client } = await connect(opts, env.token, env.version);
  const pair = { fromObjectType: from, toObjectType: to };
  const say = (text) => env.progress.info(text);
  if (group === "labels") {
    switch (action) {
      case "list": {
        const { results } = await client.listLabels(pair);
        await writeAll(opts, LABEL_COLUMNS, results.map(labelRecord));
        return EXIT.ok;
      }
      case "create": {
        const params = { ...pair, label: need(opts.label, "--label", command), name: need(opts.name, "--name", command) };
        if (opts.inverseLabel !== undefined) params.inverseLabel = opts.inverseLabel;
        const { results } = await client.createLabel(params);
        await writeAll(opts, LABEL_COLUMNS, results.map(labelRecord));
        say(`created ${results.map((t) => `type ${t.typeId} (${t.label ?? "no label"})`).join(" and ")}`);
        return EXIT.ok;
      }
      case "update": {
        const params = { ...pair, associationTypeId: need(opts.typeId, "--type-id", command), label: need(opts.label, "--label", command) };
        if (opts.inverseLabel !== undefined) params.inverseLabel = opts.inverseLabel;
        await client.updateLabel(params);
        say(`type ${params.associationTypeId} from ${from} to ${to} is now labelled ${JSON.stringify(params.label)}`);
        return EXIT.ok;
      }
      case "delete": {
        const associationTypeId = need(opts.typeId, "--type-id", command);
        await client.deleteLabel({ ...pair, associationTypeId });
        say(`deleted type ${associationTypeId} from ${from} to ${to}`);
        return EXIT.ok;
      }
    }
  }
  switch (action) {
    case "list": {
      const { results } = from === undefined ? await client.listAllLimits() : await client.listLimits(pair);
      await writeAll(opts, LIMIT_COLUMNS, results.map(limitRecord));
      return EXIT.ok;
    }
    case "set": {
      const typeId = need(opts.typeId, "--type-id", command);
      const input = { typeId, maxToObjectIds: need(opts.max, "--max", command) };
      if (opts.category !== undefined) input.category = opts.category;
      // HubSpot has create and update: create the first time, update after.
      const { results: existing } = await client.listLimits(pair);
      const update = existing.some((l) => l.typeId === typeId);
      const answer = update ? await client.updateLimits({ ...pair, inputs: [input] }) : await client.createLimits({ ...pair, inputs: [input] });
      const errors = batchErrors(answer);
      if (errors) {
        env.progress.error(redact(errors));
        return EXIT.failed;
      }
      await writeAll(opts, LIMIT_COLUMNS, answer.results.map(limitRecord));
      say(`${update ? "updated" : "created"} the limit of type ${typeId} from ${from} to ${to}: at most ${input.maxToObjectIds}`);
      return EXIT.ok;
    }
    case "purge": {
      const typeId = need(opts.typeId, "--type-id", command);
      const category = opts.category ?? (await categoryOf(client, from, to, typeId, command));
      const answer = await client.purgeLimits({ ...pair, inputs: [{ category, typeId }] });
      const errors = batchErrors(answer);
      if (errors) {
        env.progress.error(redact(errors));
        return EXIT.failed;
      }
      say(`purged the limit of type ${typeId} from ${from} to ${to}`);
      return EXIT.ok;
    }
  }
  throw new UsageError(`unknown action ${action}`, group);
}
