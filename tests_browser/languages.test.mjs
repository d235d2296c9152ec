// The card for a user whose profile is set to another language: its buttons, its
// header and its times in that language, as translations/<lang>.json has them (the
// card once stayed English: the texts arrived after it had drawn its rows, and it kept
// the translator of the Home Assistant object it had drawn them with). Screenshots go
// to SCREENSHOTS/languages-<HA version>/. Builds its own home when run alone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { hassFromEnv, launch, login, open, screenshots } from "./lib.mjs";

const CARD = "occupancy-manager-card";
const DASHBOARD = "om-languages";
const hass = hassFromEnv();
const shot = screenshots(`languages-${hass.version}`);
const texts = (language) =>
  JSON.parse(
    readFileSync(new URL(`../custom_components/occupancy_manager/translations/${language}.json`, import.meta.url)),
  ).selector.card.options;
let browser;
let page;

before(async () => {
  browser = await launch();
  page = await login(browser, hass);
  await page.waitForFunction(() => document.querySelector("home-assistant")?.hass?.connected);
});

after(async () => {
  if (page) await shot(page, "last");
  await browser?.close();
});

const ws = (message) =>
  page.evaluate((m) => document.querySelector("home-assistant").hass.callWS(m), message);

test("a home and a dashboard with the card", async () => {
  const [entry] = await ws({ type: "config_entries/get", domain: "occupancy_manager" });
  if (!entry) {
    // Run alone: the demo areas as locations.
    await page.evaluate(async () => {
      const { callApi } = document.querySelector("home-assistant").hass;
      const flow = await callApi("POST", "config/config_entries/flow", { handler: "occupancy_manager" });
      await callApi("POST", `config/config_entries/flow/${flow.flow_id}`, { name: "Home", import_areas: true });
    });
  }
  const dashboards = await ws({ type: "lovelace/dashboards/list" });
  if (!dashboards.some((one) => one.url_path === DASHBOARD)) {
    await ws({ type: "lovelace/dashboards/create", url_path: DASHBOARD, title: "Languages", mode: "storage" });
  }
  const card = { type: `custom:${CARD}`, show_contributions: true, show_occupants: true };
  await ws({ type: "lovelace/config/save", url_path: DASHBOARD, config: { views: [{ cards: [card] }] } });
});

for (const language of ["de", "fr"]) {
  test(`the card in ${language}`, async () => {
    // The profile's language as the frontend keeps it in this browser (a user's choice
    // on their profile page); the other tests' browsers stay English.
    await page.evaluate((lang) => localStorage.setItem("selectedLanguage", JSON.stringify(lang)), language);
    await open(page, hass, `/${DASHBOARD}/0`);
    await page.waitForFunction((lang) => document.querySelector("home-assistant")?.hass?.language === lang, language);
    const wanted = texts(language);
    const firstRow = page.locator(`${CARD} .row`).first();
    // Each button in the user's language, never the built-in English.
    await firstRow.locator("button", { hasText: wanted.lock }).first().waitFor();
    const shown = await firstRow.innerText();
    const english = texts("en");
    for (const key of ["lock", "vacate"]) {
      assert.ok(!shown.includes(english[key]), `${language}: "${english[key]}" in ${JSON.stringify(shown)}`);
    }
    assert.ok(shown.includes(wanted.since.split(" ")[0]), `${language}: ${JSON.stringify(shown)}`);
    await shot(page, `card-${language}`);
  });
}
