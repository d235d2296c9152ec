// Shared by the browser tests: launch Debian's Chromium, log in to Home Assistant on
// its real login page, open pages, keep screenshots. Every wait is for an element or a
// URL (never a fixed sleep); Playwright's CSS locators reach into shadow roots.
import assert from "node:assert/strict";
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
  // Chromium's own console warnings (e.g. 'The specified value "NaN" cannot be parsed'
  // from a number box a form left empty): tests assert on the ones they care about.
  const warnings = [];
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error") {
      warnings.push(message.text());
    }
  });
  page.consoleWarnings = warnings;
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
  const url = new URL(path, hass.url).href;
  try {
    await page.goto(url, { waitUntil: "domcontentloaded" });
  } catch (err) {
    // The frontend's own navigation (a closing dialog moves the history) can abort
    // ours as it starts: go once more, then it is a real failure.
    if (!/ERR_ABORTED|interrupted by another navigation/.test(err.message)) throw err;
    await page.goto(url, { waitUntil: "domcontentloaded" });
  }
}

/** Screenshots numbered in the order taken, in SCREENSHOTS (default: artifacts/). */
export function screenshots(name) {
  const dir = join(process.env.SCREENSHOTS ?? "artifacts", name);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, what) => {
    n += 1;
    const file = join(dir, `${String(n).padStart(2, "0")}-${what}.png`);
    await page.screenshot({ path: file, animations: "disabled" }); // finished, not mid-way
    return file;
  };
}

// -- entity pickers, on both frontends -------------------------------------------------
// HA 2025.4's entity picker is a vaadin combo box: an <input> that opens a list whose
// items are the combo box's `filteredItems`. Newer frontends show a picker field
// (<ha-picker-field>, a button) that opens a popover with a search box and an
// <ha-picker-combo-box>, whose items render as a plain list when few and a virtual one
// when many. The helpers find what is there (feature detection), not a version.

/** The entity picker of a form field in `scope` (a flow dialog), by the field's label. */
export function entityField(scope, label) {
  return scope
    .locator("ha-selector-entity")
    .filter({ has: scope.page().getByText(label, { exact: true }) })
    .or(scope.locator(`ha-selector-entity[label="${label}"]`))
    .first();
}

/** Open a field's entity picker: the picker field button, else the combo box input. */
export async function openPicker(field) {
  await field.scrollIntoViewIfNeeded();
  await field.locator("ha-picker-field, input").first().click();
}

/** Runs in the page: the entity ids of the open picker's list, or null while none is
 * open. Read from the list's items, not the screen (a virtual list renders only what
 * fits). Only one picker is open at a time; its list may render outside the field. */
function openListIds(field) {
  const found = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll("*")) {
      // 2025.4: the open vaadin combo box.
      if (el.opened === true && Array.isArray(el.filteredItems)) found.push(...el.filteredItems);
      // Newer: the popover's combo box (it exists only while open): its item list,
      // else its virtual list's items. Strings among them are section titles.
      if (el.localName === "ha-picker-combo-box") {
        const virtual = el.shadowRoot?.querySelector("lit-virtualizer");
        const items = Array.isArray(el._items) ? el._items : virtual?.items;
        if (Array.isArray(items)) found.push(...items.filter((item) => typeof item === "object"));
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(field.shadowRoot ?? field);
  if (!found.length) walk(document);
  const ids = found.map((item) => item?.entity_id ?? item?.id).filter((id) => typeof id === "string");
  return ids.length ? ids : null;
}

/** Runs in the page: whether the focused element, through shadow roots, is a text
 * input (the combo box's own on 2025.4, the popover's search box on newer ones). */
function searchFocused() {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el?.localName === "input" || el?.localName === "textarea";
}

/** Runs in the page: resolves once the open list's rows (their text and place) are
 * the same over several animation frames, i.e. the last key's filter has rendered. */
async function rowsSettled() {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const rows = () => {
    const found = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('[role="option"], ha-combo-box-item')) {
        const box = el.getBoundingClientRect();
        if (box.height) found.push(`${el.textContent.trim()}@${box.top}`);
      }
      for (const el of node.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return found.join("|");
  };
  const until = performance.now() + 10_000;
  let last = rows();
  for (let steady = 0; steady < 3 && performance.now() < until; ) {
    await frame();
    const now = rows();
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
}

/** Close the open picker, and wait until its list no longer covers the form. */
export async function closePicker(page) {
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => {
    const open = (node) =>
      [...node.querySelectorAll("*")].some(
        (el) =>
          (el.opened === true && Array.isArray(el.filteredItems)) ||
          (el.localName === "ha-picker-combo-box" && el.checkVisibility()) ||
          (el.shadowRoot && open(el.shadowRoot)),
      );
    return !open(document);
  });
}

/** Every entity id a field's picker offers: opened, read, closed again. `onOpen` (if
 * given) runs while the list is open, e.g. to take a screenshot. */
export async function offeredEntities(field, label, onOpen) {
  const page = field.page();
  await openPicker(field);
  const ids = await page
    .waitForFunction(openListIds, await field.elementHandle(), { timeout: TIMEOUT * 2 })
    .then((result) => result.jsonValue())
    .catch(() => null);
  assert.ok(ids, `the ${label} picker did not open`);
  if (onOpen) await onOpen();
  await closePicker(page);
  return ids;
}

/** Choose an entity in a field's picker: type its name into the search (the combo
 * box's input on 2025.4, the popover's search box on newer ones), take the option. */
export async function pickEntity(field, name) {
  const page = field.page();
  await openPicker(field);
  await page.waitForFunction(openListIds, await field.elementHandle());
  // The popover's search box takes the focus a moment after the list opens: keys
  // typed before then go nowhere and the list stays unfiltered.
  await page.waitForFunction(searchFocused);
  await page.keyboard.type(name);
  // The list filters on each key but renders later (and a virtual list lays out in
  // animation frames): a click aimed at a row of the half-filtered list lands where
  // another row, or none, is by the time it arrives, and nothing is chosen. Click
  // only once the rows have stopped moving.
  await page.evaluate(rowsSettled);
  await page
    .locator('[role="option"], ha-combo-box-item:not(ha-picker-field ha-combo-box-item)')
    .filter({ hasText: name, visible: true })
    .first()
    .click();
  await field.getByText(name).or(field.locator(`[value*="${name}"]`)).first().waitFor({ state: "attached" });
}
