// Headless Debian Chromium through playwright-core, with a fresh profile that is removed on close.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--disable-quic", "--no-first-run"];

/**
 * Launches Chromium; resolves to `{ page, errors, close() }`. `errors` collects uncaught page
 * errors and console errors, so that a test can show them when it fails.
 */
export async function openBrowser({ viewport = { width: 1280, height: 900 } } = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), "hs-chromium-"));
  let context;
  try {
    // launchPersistentContext is how playwright takes a --user-data-dir: here a fresh one.
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, timeout: 60_000 });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  return {
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
