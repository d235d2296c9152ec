// The integration as a new user meets it in Home Assistant's real frontend: add the
// integration (the home, importing the demo floors and areas), add a location (its
// pickers offer the demo sensors, never the integration's own entities), edit it, and
// change the home's options. These are the README's steps ("Install", "Locations"),
// clicked on the frontend each Home Assistant end ships.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hassFromEnv, launch, login, open, screenshots } from "./lib.mjs";

const hass = hassFromEnv();
const shot = screenshots(`config-flow-${hass.version}`);
let browser;
let page;

before(async () => {
  browser = await launch();
  page = await login(browser, hass);
});

after(async () => {
  if (page) await shot(page, "last");
  await browser?.close();
});

// The entities of this integration's locations (occupancy, lock, automation, problem).
const OWN_ENTITY = /^(binary_sensor|switch|sensor)\..+_(occupancy|occupancy_lock|occupancy_automation|occupancy_state|sources_problem)$/;

const flow = () => page.locator("dialog-data-entry-flow");
const flowButton = (name) => flow().getByRole("button", { name });

async function integrationPage() {
  await open(page, hass, "/config/integrations/integration/occupancy_manager");
  await page.getByText("Home", { exact: true }).first().waitFor();
}

/** The entity picker of a form field, found by the field's label. */
function entityField(label) {
  return flow()
    .locator("ha-selector-entity")
    .filter({ has: page.getByText(label, { exact: true }) })
    .or(flow().locator(`ha-selector-entity[label="${label}"]`))
    .first();
}

/** Every entity id a picker offers: the open combo box's items (the list on screen
 * is virtual, only what fits is rendered), else the options shown. */
async function offeredEntities(label, screenshot) {
  const field = entityField(label);
  await field.locator("input").first().click();
  const options = page.getByRole("option");
  await options.first().waitFor();
  let ids = await field.evaluate((root) => {
    const items = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll("*")) {
        if (el.opened === true && Array.isArray(el.filteredItems)) items.push(...el.filteredItems);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root.shadowRoot ?? root);
    return items.map((item) => item?.entity_id ?? item?.id).filter((id) => typeof id === "string");
  });
  if (!ids.length) {
    const texts = await options.allInnerTexts();
    ids = texts.map((text) => text.match(/\b[a-z_]+\.[a-z0-9_]+\b/)?.[0]).filter(Boolean);
  }
  if (screenshot) await shot(page, screenshot);
  await page.keyboard.press("Escape");
  return ids;
}

test("add the integration: the home, its floors and areas imported", async () => {
  await open(page, hass, "/config/integrations/dashboard");
  await page.getByRole("button", { name: /add integration/i }).click();
  await page.locator("dialog-add-integration input").first().fill("Occupancy");
  await page.getByText("Occupancy Manager", { exact: true }).last().click();
  await flow().getByText("Set up Occupancy Manager").waitFor();
  await shot(page, "setup-form");
  await flowButton(/submit/i).click();
  await flowButton(/finish/i).waitFor();
  // One device per location, each in its area (floors and the home in none).
  for (const name of ["Home", "Ground floor", "Kitchen", "Office", "Bathroom"]) {
    await flow().getByText(name, { exact: true }).first().waitFor();
  }
  await shot(page, "setup-done-devices");
  await flowButton(/finish/i).click();
  await integrationPage();
  for (const name of ["Ground floor", "First floor", "Kitchen", "Living room", "Office"]) {
    await page.getByText(name, { exact: true }).first().waitFor();
  }
  await shot(page, "integration-page");
});

test("add a location: pickers offer the demo sensors, not our own entities", async () => {
  await integrationPage();
  await openAddLocation();
  await flow().getByText("Add a location").waitFor();
  await flow().locator("ha-selector-entity").first().waitFor();
  await shot(page, "add-location-form");
  const motion = await offeredEntities("Motion sensors", "add-location-motion-picker");
  assert.ok(motion.includes("binary_sensor.kitchen_motion"), `offered: ${motion}`);
  assert.ok(motion.includes("binary_sensor.living_room_motion"), `offered: ${motion}`);
  // Our own entities offered as sources would be feedback loops: collected here and
  // asserted after the location is added, so that the steps after it still run.
  const own = {};
  for (const label of ["Motion sensors", "Presence sensors", "Keep-alive sensors", "Vacate switches"]) {
    const offered = label === "Motion sensors" ? motion : await offeredEntities(label);
    const mine = [...new Set(offered.filter((id) => OWN_ENTITY.test(id)))];
    if (mine.length) own[label] = mine;
  }
  await flow().getByRole("textbox", { name: /^Name/ }).fill("Hallway");
  await pick("Motion sensors", "binary_sensor.living_room_motion");
  await shot(page, "add-location-filled");
  await flowButton(/submit/i).click();
  await flowButton(/finish/i).waitFor();
  await flowButton(/finish/i).click();
  await page.getByText("Hallway", { exact: true }).first().waitFor();
  await shot(page, "location-added");
  assert.deepEqual(own, {}, "pickers offer the integration's own entities");
});

/** "Add location": a button on newer frontends, the entry's ⋮ menu item on 2025.4. */
async function openAddLocation() {
  const button = page.getByRole("button", { name: "Add location" });
  if (await button.count()) {
    await button.first().click();
    return;
  }
  await page.locator("ha-md-button-menu ha-icon-button").first().click();
  await page.getByRole("menuitem", { name: "Add location" }).click();
}

/** Choose an entity in a picker by typing its id and taking the one option. */
async function pick(label, entityId) {
  const picker = entityField(label);
  const input = picker.locator("input").first();
  await input.click();
  await input.fill(entityId);
  await page.getByRole("option").filter({ hasText: entityId }).first().click();
  await picker.getByText(entityId).or(picker.locator(`[value="${entityId}"]`)).first().waitFor({ state: "attached" });
}

test("edit the location", async () => {
  await integrationPage();
  const row = page.locator("ha-md-list-item").filter({ hasText: "Hallway" }).last();
  await row.getByRole("button", { name: /configure|reconfigure|edit/i }).first().click();
  await flow().getByText("Edit location").first().waitFor();
  const name = flow().getByRole("textbox", { name: /^Name/ });
  assert.equal(await name.inputValue(), "Hallway");
  await shot(page, "edit-location-form");
  await name.fill("Hall");
  await flowButton(/submit/i).click();
  await flow().getByText("The location was updated.").waitFor();
  await shot(page, "edit-location-done");
  await flowButton(/finish|close|ok/i).first().click();
  await page.getByText("Hall", { exact: true }).first().waitFor();
});

test("change the home's options", async () => {
  await integrationPage();
  const home = page.locator("ha-md-list-item").filter({ hasText: /devices? and/ }).first();
  await home.getByRole("button", { name: /configure/i }).first().click();
  await flow().getByText("Occupancy Manager options").waitFor();
  await shot(page, "options-menu");
  await flow().getByText("Home-wide durations").first().click();
  await flow().getByText("Motion timeout").first().waitFor();
  await shot(page, "options-durations");
  await flowButton(/submit/i).click();
  await flowButton(/finish|close|ok/i).first().waitFor();
  await shot(page, "options-saved");
  await flowButton(/finish|close|ok/i).first().click();
});
