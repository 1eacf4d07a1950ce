// The package's default (browser) entry in a plain `<script type="module">` page in headless
// Chromium: importing it fetches no wasm; the first client loads the .wasm from its asset URL; calls
// work against createMockHubSpot() in the page; failures are HubSpotErrors (`instanceof` works).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "../../www/serve.mjs";
import { openBrowser } from "./helpers/browser.mjs";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>browser entry</title>
<script type="module">
  import { HubSpotAssociations, HubSpotError, isHubSpotError } from "/pkg/browser.js";
  import { createMockHubSpot } from "/pkg/mock.js";

  const describe = (e) => ({
    instanceOfHubSpotError: e instanceof HubSpotError, instanceOfError: e instanceof Error, guard: isHubSpotError(e),
    name: e.name, kind: e.kind, attempts: e.attempts, message: e.message,
  });
  const link = { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" };
  const mock = createMockHubSpot({ accessToken: "t" });
  const client = (options) => new HubSpotAssociations({ baseUrl: mock.baseUrl, fetch: mock.fetch, accessToken: "t", ...options });
  const settle = (p) => p.then((value) => ({ value }), (e) => ({ error: describe(e) }));

  window.run = async () => {
    const hs = client();
    const result = await hs.associateDefault(link);
    const error = await hs.associateDefault({ ...link, fromObjectId: "not-an-id" }).then(() => null, describe);
    // A second client reuses the loaded module.
    const again = await client().associateDefault(link);
    return { result, error, again: again.status, requests: mock.requests().map((r) => r.method + " " + r.path + " " + r.status) };
  };

  // The rest of the wasm class's surface: the apiVersion getter, free() and Symbol.dispose.
  window.surface = async () => {
    const v4 = client({ apiVersion: "v4" });
    const before = v4.apiVersion;
    await v4.associateDefault(link);
    const gone = client();
    gone.free();
    const disposable = client();
    return {
      defaultVersion: client().apiVersion, before, after: v4.apiVersion,
      freed: await settle(gone.associateDefault(link)),
      dispose: typeof disposable[Symbol.dispose],
    };
  };

  window.settleCall = () => settle(client().associateDefault(link).then((r) => r.status));
  window.imported = true;
</script>`;

let server;
let browser;
before(async () => {
  server = await serve({ port: 0 });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page with PAGE loaded; `wasm` lists every .wasm response it gets. */
async function openPage() {
  const page = await browser.page.context().newPage();
  const url = new URL("/__browser-entry.html", server.url).href;
  await page.route(url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: PAGE }));
  const wasm = [];
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push({ path, status: r.status(), type: r.headers()["content-type"] });
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, wasm, errors, url };
}

test("default entry in a plain <script type=module> page: lazy wasm, calls, HubSpotError", { timeout: 60_000 }, async () => {
  const { page, wasm, errors, url } = await openPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.imported === true);
    assert.deepEqual(wasm, [], "importing the entry must not fetch the wasm");

    const out = await page.evaluate(() => window.run());
    assert.deepEqual(wasm, [{ path: "/pkg/wasm/hubspot_associations_bg.wasm", status: 200, type: "application/wasm" }], "one wasm fetch, when first used");

    assert.equal(out.result.status, "COMPLETE");
    assert.deepEqual(out.result.results[0], {
      from: { id: "101" }, to: { id: "202" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 },
    });
    assert.equal(out.again, "COMPLETE");
    assert.deepEqual(out.error && { ...out.error, message: typeof out.error.message }, {
      instanceOfHubSpotError: true, instanceOfError: true, guard: true, name: "HubSpotError", kind: "invalid_input", attempts: 0, message: "string",
    });
    // The refused call never reached the emulator.
    assert.deepEqual(out.requests, [
      "PUT /crm/objects/2026-03/contacts/101/associations/default/companies/202 200",
      "PUT /crm/objects/2026-03/contacts/101/associations/default/companies/202 200",
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("default entry: apiVersion, free() and Symbol.dispose like the wasm class", { timeout: 60_000 }, async () => {
  const { page, errors, url } = await openPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.imported === true);
    const out = await page.evaluate(() => window.surface());
    assert.equal(out.defaultVersion, "2026-03");
    assert.equal(out.before, "v4");
    assert.equal(out.after, "v4");
    assert.equal(out.freed.error?.kind, "invalid_input");
    assert.equal(out.freed.error?.instanceOfHubSpotError, true);
    assert.equal(out.dispose, "function");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("default entry: a failed wasm load rejects with a HubSpotError, and a later call loads it", { timeout: 60_000 }, async () => {
  const { page, errors, url } = await openPage();
  try {
    let refuse = true;
    await page.route("**/hubspot_associations_bg.wasm", (route) => (refuse ? route.abort("connectionreset") : route.continue()));
    await page.goto(url);
    await page.waitForFunction(() => window.imported === true);
    const first = await page.evaluate(() => window.settleCall());
    assert.equal(first.error?.kind, "network", JSON.stringify(first));
    assert.equal(first.error?.instanceOfHubSpotError, true);
    refuse = false;
    assert.deepEqual(await page.evaluate(() => window.settleCall()), { value: "COMPLETE" });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
