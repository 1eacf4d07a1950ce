// The package's default (browser) entry in a plain `<script type="module">` page in headless
// Chromium: importing it fetches no wasm; the first call loads the .wasm from its asset URL; calls
// work against createMockHubSpot() in the page; failures are HubSpotErrors (`instanceof` works).
import test from "node:test";
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

  window.run = async () => {
    const mock = createMockHubSpot({ accessToken: "t" });
    const hs = new HubSpotAssociations({ baseUrl: mock.baseUrl, fetch: mock.fetch, accessToken: "t" });
    const result = await hs.associateDefault(link);
    const error = await hs.associateDefault({ ...link, fromObjectId: "not-an-id" }).then(() => null, describe);
    // A second client reuses the loaded module.
    const again = await new HubSpotAssociations({ baseUrl: mock.baseUrl, fetch: mock.fetch, accessToken: "t" }).associateDefault(link);
    return { result, error, again: again.status, requests: mock.requests().map((r) => r.method + " " + r.path + " " + r.status) };
  };
  window.imported = true;
</script>`;

test("default entry in a plain <script type=module> page: lazy wasm, calls, HubSpotError", { timeout: 120_000 }, async () => {
  const server = await serve({ port: 0 });
  let browser;
  try {
    browser = await openBrowser();
    const { page } = browser;
    const pageUrl = new URL("/__browser-entry.html", server.url).href;
    await page.route(pageUrl, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: PAGE }));
    const wasm = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()["content-type"] });
    });

    await page.goto(pageUrl);
    await page.waitForFunction(() => window.imported === true);
    assert.deepEqual(wasm, [], "importing the entry must not fetch the wasm");

    const out = await page.evaluate(() => window.run());
    assert.deepEqual(wasm, [{ path: "/pkg/wasm/hubspot_associations_bg.wasm", status: 200, type: "application/wasm" }], "one wasm fetch, on the first call");

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
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser?.close();
    await server.close();
  }
});
