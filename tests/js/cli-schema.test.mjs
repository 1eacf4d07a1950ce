// Issue 11: `labels list|create|update|delete` and `limits list|set|purge` against the mock
// server; what they print, and what the mock holds afterwards.
import test from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, runCli, ndjson } from "./helpers/cli.mjs";

const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });

test("labels: create, list, update, delete", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN });
  try {
    const base = ["--base-url", server.url];
    const created = await runCli(["labels", "create", "contacts", "companies", "--label", "Billing contact", "--name", "billing_contact", "--inverse-label", "Billed company", ...base], { env });
    assert.equal(created.code, 0, created.stderr);
    const rows = parse(created.stdout, { columns: true });
    assert.deepEqual(rows.map((r) => r.label).sort(), ["Billed company", "Billing contact"]);
    const typeId = Number(rows.find((r) => r.label === "Billing contact").typeId);
    assert.match(created.stderr, /^labels create: created type \d+ \(.*\) and type \d+ \(.*\)\n$/);

    const listed = await runCli(["labels", "list", "contacts", "companies", "--format", "ndjson", ...base], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(ndjson(listed.stdout).find((t) => t.typeId === typeId), { category: "USER_DEFINED", typeId, label: "Billing contact" });
    assert.deepEqual(ndjson(listed.stdout).find((t) => t.typeId === 279), { category: "HUBSPOT_DEFINED", typeId: 279, label: null });

    const updated = await runCli(["labels", "update", "contacts", "companies", "--type-id", String(typeId), "--label", "Invoices to", ...base], { env });
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout, "");
    assert.equal(server.mock.state().labels.find((l) => l.typeId === typeId).label, "Invoices to");

    const deleted = await runCli(["labels", "delete", "contacts", "companies", "--type-id", String(typeId), ...base], { env });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(!server.mock.state().labels.some((l) => l.typeId === typeId));
    // HubSpot's refusal is exit 1, with its message.
    const again = await runCli(["labels", "delete", "contacts", "companies", "--type-id", String(typeId), ...base], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^hubspot-associations labels delete: HubSpot answered 4\d\d/);
  } finally {
    await server.close();
  }
});

test("limits: set (create, then update), list, purge", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN });
  try {
    const base = ["--base-url", server.url];
    const set1 = await runCli(["limits", "set", "contacts", "companies", "--type-id", "1", "--max", "3", ...base], { env });
    assert.equal(set1.code, 0, set1.stderr);
    assert.deepEqual(parse(set1.stdout, { columns: true }), [{ category: "HUBSPOT_DEFINED", typeId: "1", label: "Primary", maxToObjectIds: "3" }]);
    assert.match(set1.stderr, /created the limit of type 1 from contacts to companies: at most 3/);
    const set2 = await runCli(["limits", "set", "contacts", "companies", "--type-id", "1", "--max", "5", "--category", "hubspot_defined", ...base], { env });
    assert.equal(set2.code, 0, set2.stderr);
    assert.match(set2.stderr, /updated the limit of type 1/);
    const all = await runCli(["limits", "list", ...base, "--format", "ndjson"], { env });
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(ndjson(all.stdout), [{ category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary", maxToObjectIds: 5 }]);
    const pair = await runCli(["limits", "list", "contacts", "companies", ...base], { env });
    assert.deepEqual(parse(pair.stdout, { columns: true }), [{ category: "HUBSPOT_DEFINED", typeId: "1", label: "Primary", maxToObjectIds: "5" }]);
    const purged = await runCli(["limits", "purge", "contacts", "companies", "--type-id", "1", ...base], { env });
    assert.equal(purged.code, 0, purged.stderr);
    assert.deepEqual(server.mock.state().limits, []);
    const empty = await runCli(["limits", "list", "contacts", "companies", ...base], { env });
    assert.equal(empty.stdout, "category,typeId,label,maxToObjectIds\n");
  } finally {
    await server.close();
  }
});
