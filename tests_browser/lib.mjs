// Shared by the browser tests: launch Debian's Chromium, log in to Home Assistant on
// its real login page, open pages, keep screenshots. Every wait is for an element or a
// URL (never a fixed sleep); Playwright's CSS locators reach into shadow roots.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const TIMEOUT = 30_000; // ms for one element or navigation on a busy 2-core box

/** Home Assistant to drive: scripts/browser passes it as BROWSER_HASS (JSON). */
export function hassFromEnv() {
  const raw = process.env.BROWSER_HASS;
  if (!raw) throw new Error("BROWSER_HASS is not set: run the tests through scripts/browser");
  return JSON.parse(raw); // {url, username, password, version}
}

/** Headless Chromium; outside hosts fail at once instead of hanging on a dead network. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", // CI runs as root
      "--disable-dev-shm-usage",
      "--disable-gpu",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ],
  });
}

/** A page of a fresh context, logged in as the owner on the real login page. */
export async function login(browser, hass) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.problems = problems;
  await page.goto(hass.url, { waitUntil: "domcontentloaded" });
  await page.getByRole("textbox", { name: /username/i }).fill(hass.username);
  await page.getByRole("textbox", { name: /password/i }).fill(hass.password);
  await page.getByRole("button", { name: /log in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/"));
  await page.locator("home-assistant").waitFor({ state: "attached" });
  return page;
}

/** Navigate inside the app (a full load of the path, logged in by the stored token). */
export async function open(page, hass, path) {
  await page.goto(new URL(path, hass.url).href, { waitUntil: "domcontentloaded" });
}

/** Screenshots numbered in the order taken, in SCREENSHOTS (default: artifacts/). */
export function screenshots(name) {
  const dir = join(process.env.SCREENSHOTS ?? "artifacts", name);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, what) => {
    n += 1;
    const file = join(dir, `${String(n).padStart(2, "0")}-${what}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}
