// Turning a row's `label` (or a type id without its category) into the association type HubSpot
// wants: `listLabels` once per object-type pair, whatever the number of rows.
import { needsLabels } from "./rows.js";

const key = (from, to) => `${from}\t${to}`;

/**
 * Collects, during the validation pass, what each object-type pair needs; then lists each pair's
 * labels once and answers per row.
 */
export class TypeResolver {
  constructor() {
    /** @type {Map<string, { from: string, to: string, labels: Set<string>, typeIds: Set<number>, types?: Array<{category: string, typeId: number, label: string | null}> }>} */
    this.pairs = new Map();
  }

  /**
   * Notes what `pair` (a checked row) will need resolved.
   * @param {import("./rows.js").Pair} pair
   */
  note(pair) {
    if (!needsLabels(pair)) return;
    const k = key(pair.fromType, pair.toType);
    let p = this.pairs.get(k);
    if (!p) this.pairs.set(k, (p = { from: pair.fromType, to: pair.toType, labels: new Set(), typeIds: new Set() }));
    if (pair.label !== undefined) p.labels.add(pair.label);
    else p.typeIds.add(pair.typeId);
  }

  /** How many object-type pairs need their labels listed. */
  get pairCount() {
    return this.pairs.size;
  }

  /**
   * Lists the labels of every noted pair, one `listLabels` call each.
   * @param {{ listLabels: (p: {fromObjectType: string, toObjectType: string}) => Promise<{results: Array<{category: string, typeId: number, label: string | null}>}> }} client
   */
  async load(client) {
    for (const p of this.pairs.values()) {
      const r = await client.listLabels({ fromObjectType: p.from, toObjectType: p.to });
      p.types = r.results ?? [];
    }
  }

  /**
   * The labels named in the input that the listed types do not have, per pair (for the emulator,
   * which is seeded with them for a dry run).
   * @returns {Array<{fromObjectType: string, toObjectType: string, label: string}>}
   */
  missingLabels() {
    const out = [];
    for (const p of this.pairs.values()) {
      for (const label of p.labels) if (!("types" in this.find(p, label))) out.push({ fromObjectType: p.from, toObjectType: p.to, label });
    }
    return out;
  }

  /** The types of `p` whose label is `label`: exact match first, else a unique case-insensitive one. */
  find(p, label) {
    const types = p.types ?? [];
    let hits = types.filter((t) => t.label === label);
    if (hits.length === 0) hits = types.filter((t) => typeof t.label === "string" && t.label.toLowerCase() === label.toLowerCase());
    if (hits.length === 1) return { types: hits };
    if (hits.length > 1) return { error: `label ${JSON.stringify(label)} names several types from ${p.from} to ${p.to} (${hits.map((t) => t.typeId).join(", ")}): give associationTypeId and associationCategory instead` };
    const known = types.filter((t) => t.label).map((t) => JSON.stringify(t.label));
    return { error: `no label ${JSON.stringify(label)} from ${p.from} to ${p.to}${known.length ? ` (its labels: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""})` : ""}` };
  }

  /**
   * The association types of a checked row, as HubSpot's inputs want them, or why there are none.
   * A row with no type, label or id gives `{ types: null }` (the default association).
   * @param {import("./rows.js").Pair} pair
   * @returns {{ types: Array<{associationCategory: string, associationTypeId: number}> | null } | { error: string }}
   */
  typesOf(pair) {
    if (pair.label === undefined && pair.typeId === undefined) return { types: null };
    if (pair.typeId !== undefined && pair.category !== undefined && pair.label === undefined) {
      return { types: [{ associationCategory: pair.category, associationTypeId: pair.typeId }] };
    }
    const p = this.pairs.get(key(pair.fromType, pair.toType));
    if (pair.label !== undefined) {
      const found = this.find(p, pair.label);
      if (found.error) return found;
      const t = found.types[0];
      if (pair.typeId !== undefined && pair.typeId !== t.typeId) {
        return { error: `label ${JSON.stringify(pair.label)} is type ${t.typeId} from ${p.from} to ${p.to}, not associationTypeId ${pair.typeId}` };
      }
      if (pair.category !== undefined && pair.category !== t.category) {
        return { error: `label ${JSON.stringify(pair.label)} is ${t.category}, not associationCategory ${pair.category}` };
      }
      return { types: [{ associationCategory: t.category, associationTypeId: t.typeId }] };
    }
    const t = (p.types ?? []).find((x) => x.typeId === pair.typeId);
    if (!t) return { error: `associationTypeId ${pair.typeId} is not a type from ${p.from} to ${p.to} (give associationCategory too if it is)` };
    return { types: [{ associationCategory: t.category, associationTypeId: t.typeId }] };
  }
}
