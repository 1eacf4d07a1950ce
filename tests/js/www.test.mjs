// The www demo in headless Chromium: served by www/serve.mjs, it associates two records through
// the form against the embedded emulator, lists them, and logs the request (never the token).
// Leaves a screenshot in test-output/www.png.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve } from "../../www/serve.mjs";
import { openBrowser } from "./helpers/browser.mjs";

const OUT = new URL("../../test-output/", import.meta.url);

test("www demo: associate through the form, see the association listed and the request logged", { timeout: 120_000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const server = await serve({ port: 0 });
  let browser;
  try {
    // The page's import map points at the built package: both entries must be there.
    for (const path of ["pkg/browser.js", "pkg/mock.js", "pkg/wasm/hubspot_associations_bg.wasm"]) {
      const res = await fetch(new URL(path, server.url));
      assert.equal(res.status, 200, path);
      if (path.endsWith(".wasm")) assert.equal(res.headers.get("content-type"), "application/wasm");
      await res.arrayBuffer();
    }
    for (const escape of ["/pkg/..%2fCargo.toml", "/..%2fCargo.toml"]) assert.equal((await fetch(new URL(escape, server.url))).status, 404, escape);

    browser = await openBrowser();
    const { page } = browser;
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready]");
    await page.getByText("Edsger Dijkstra").waitFor();

    // Associate contact 105 with company 202 (the pair's default type) through the form.
    const form = page.locator("#assoc");
    await form.locator("[name=fromType]").selectOption("contacts");
    await form.locator("[name=fromId]").fill("105");
    await form.locator("[name=toType]").selectOption("companies");
    await form.locator("[name=toId]").fill("202");
    await form.locator("[name=spec]").selectOption("default");
    await form.getByRole("button", { name: "Associate" }).click();

    // The log shows the call, its request (method, URL, status) and HubSpot's answer.
    const entry = page.locator("#log > li").filter({ has: page.locator(".call", { hasText: /^associateDefault/ }) }).first();
    await entry.locator(".out").waitFor();
    const logged = await entry.innerText();
    assert.match(logged, /PUT https:\/\/hubspot-mock\.invalid\/crm\/objects\/2026-03\/contacts\/105\/associations\/default\/companies\/202 200/);
    assert.match(logged, /"associationTypeId": 279/);
    assert.match(logged, /✓/);

    // The list shows contact 105's companies, 202 among them.
    const row = page.locator('#associations tr[data-id="202"]');
    const failed = page.locator("#associations td.err");
    await row.or(failed).first().waitFor();
    if (await failed.count()) assert.fail(`listing failed: ${await failed.innerText()}`);
    assert.match(await row.innerText(), /Harvard Computation Lab/);
    assert.match(await page.locator("#log").innerText(), /GET https:\/\/hubspot-mock\.invalid\/crm\/objects\/2026-03\/contacts\/105\/associations\/companies\?limit=3 200/);

    // The emulator's token is never shown, and the page threw nothing.
    assert.doesNotMatch(await page.locator("body").innerText(), /demo-emulator-token/);
    assert.deepEqual(browser.errors, []);
  } finally {
    if (browser) {
      await browser.page.screenshot({ path: new URL("www.png", OUT).pathname, fullPage: true }).catch(() => {});
      await browser.close();
    }
    await server.close();
  }
});
