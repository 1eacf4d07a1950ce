// What makes a row valid, per command, and the normalised row the jobs work with. Everything here
// is checked before anything is sent, so every problem is reported with its line at once.

/** HubSpot's association categories. */
export const CATEGORIES = ["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK"];

// Object types are names (`contacts`, `line_items`, `p_custom`) or ids (`0-1`, `2-123`).
const OBJECT_TYPE = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * An object type given on the command line or in a row; an error message when it cannot be one.
 * @param {unknown} v
 * @returns {string | null} the problem, or null
 */
export function objectTypeProblem(v) {
  if (v === undefined || v === null || v === "") return "is empty";
  if (typeof v !== "string") return `is ${JSON.stringify(v)}, not an object type name`;
  if (!OBJECT_TYPE.test(v)) return `${JSON.stringify(v)} is not an object type (a name such as contacts, or an id such as 0-1)`;
  return null;
}

/** A cell as text: strings trimmed; NDJSON numbers as their digits; null and "" as undefined. */
function text(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? undefined : t;
  }
  return v;
}

/** A record id: digits (or, in NDJSON, a safe integer); leading zeros dropped, as HubSpot does. */
function recordId(v, column, problems) {
  if (v === undefined) return void problems.push(`${column} is empty`);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) {
      return void problems.push(Number.isInteger(v) && v > 0
        ? `${column} is a number beyond 2^53, whose digits JSON has already lost: write the id as a string`
        : `${column} ${v} is not a record id`);
    }
    return String(v);
  }
  if (typeof v !== "string" || !/^\d{1,20}$/.test(v)) return void problems.push(`${column} ${JSON.stringify(v)} is not a record id (digits only)`);
  return v.replace(/^0+(?=\d)/, "");
}

/** An association type id: a positive 32-bit integer. */
function typeId(v, problems) {
  if (v === undefined) return undefined;
  const s = typeof v === "number" ? String(v) : v;
  if (typeof s !== "string" || !/^\d{1,10}$/.test(s) || Number(s) < 1 || Number(s) > 2147483647) {
    return void problems.push(`associationTypeId ${JSON.stringify(v)} is not an association type id (a positive integer)`);
  }
  return Number(s);
}

/**
 * A checked row: `fromType`, `fromId`, `toType`, `toId` (export: only the from side), and what
 * says its type: `typeId` and `category`, or `label`, or none of them (the default type).
 * @typedef {{ fromType: string, fromId: string, toType?: string, toId?: string, typeId?: number, category?: string, label?: string }} Pair
 */

/**
 * Checks one row for `command` (associate, remove, unlabel, export).
 * @param {string} command
 * @param {Record<string, unknown>} values the row's known columns
 * @returns {{ pair: Pair } | { error: string }} the row, or every problem with it
 */
export function checkRow(command, values) {
  const problems = [];
  const v = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, text(x)]));
  const pair = {};
  const fromTypeProblem = objectTypeProblem(v.fromObjectType);
  if (fromTypeProblem) problems.push(`fromObjectType ${fromTypeProblem}`);
  else pair.fromType = v.fromObjectType;
  pair.fromId = recordId(v.fromObjectId, "fromObjectId", problems);
  if (command !== "export") {
    const toTypeProblem = objectTypeProblem(v.toObjectType);
    if (toTypeProblem) problems.push(`toObjectType ${toTypeProblem}`);
    else pair.toType = v.toObjectType;
    pair.toId = recordId(v.toObjectId, "toObjectId", problems);
  }
  if (command === "associate" || command === "unlabel") {
    pair.typeId = typeId(v.associationTypeId, problems);
    if (v.associationCategory !== undefined) {
      const c = typeof v.associationCategory === "string" ? v.associationCategory.toUpperCase() : null;
      if (!CATEGORIES.includes(c)) problems.push(`associationCategory ${JSON.stringify(v.associationCategory)} is not one of ${CATEGORIES.join(", ")}`);
      else if (v.associationTypeId === undefined) problems.push("associationCategory is given without an associationTypeId");
      else pair.category = c;
    }
    if (v.label !== undefined) {
      if (typeof v.label !== "string") problems.push(`label ${JSON.stringify(v.label)} is not text`);
      else pair.label = v.label;
    }
    if (command === "unlabel" && v.associationTypeId === undefined && v.label === undefined) {
      problems.push("unlabel needs the label or associationTypeId to remove");
    }
  }
  if (problems.length) return { error: problems.join("; ") };
  for (const k of Object.keys(pair)) if (pair[k] === undefined) delete pair[k];
  return { pair };
}

/**
 * Whether a checked row needs the labels of its object-type pair: a label to resolve, or a type
 * id whose category is not given.
 * @param {Pair} pair
 */
export function needsLabels(pair) {
  return pair.label !== undefined || (pair.typeId !== undefined && pair.category === undefined);
}
