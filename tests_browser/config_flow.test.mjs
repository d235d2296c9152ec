// The integration as a new user meets it in Home Assistant's real frontend: add the
// integration (the home, importing the demo floors and areas), add a location (its
// pickers offer the demo sensors, never the integration's own entities), edit it, and
// change the home's options. These are the README's steps ("Install", "Locations"),
// clicked on the frontend each Home Assistant end ships.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TIMEOUT, hassFromEnv, launch, login, open, screenshots } from "./lib.mjs";

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

/** Every text and input value in the flow dialog, through its shadow roots. */
async function flowTextsAndValues() {
  return flow().evaluate((root) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll("*")) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (typeof el.value === "string" && el.value) out.push(el.value.trim());
        for (const child of el.childNodes) {
          if (child.nodeType === 3 && child.textContent.trim()) out.push(child.textContent.trim());
        }
      }
    };
    walk(root.shadowRoot ?? root);
    return out;
  });
}

/** Open a field's entity picker: an input on 2025.4, a picker button on newer ones. */
async function openPicker(field) {
  await field.locator("input, ha-picker-field").first().click();
}

/** Every entity id an open picker offers, from its list's items rather than the
 * screen (the list is virtual: only what fits is rendered). */
async function offeredEntities(label, screenshot) {
  const field = entityField(label);
  await field.scrollIntoViewIfNeeded();
  const handle = await field.elementHandle();
  const listed = (root) => {
    const found = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll("*")) {
        // 2025.4: the open vaadin combo box; newer: the picker's virtual list.
        if (el.opened === true && Array.isArray(el.filteredItems)) found.push(...el.filteredItems);
        if (el.tagName === "LIT-VIRTUALIZER" && Array.isArray(el.items)) found.push(...el.items);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root.shadowRoot ?? root);
    const ids = found.map((item) => item?.entity_id ?? item?.id).filter((id) => typeof id === "string");
    return ids.length ? ids : null;
  };
  let ids = null;
  // A click during the dialog's own rendering can be lost on a busy machine: one more.
  for (let attempt = 0; attempt < 2 && !ids; attempt += 1) {
    await openPicker(field);
    ids = await page
      .waitForFunction(listed, handle, { timeout: TIMEOUT / 2 })
      .then((result) => result.jsonValue())
      .catch(() => null);
  }
  assert.ok(ids, `the ${label} picker did not open`);
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
  await shot(page, "setup-done");
  // One device per location (names shown as text on 2025.4, editable on newer).
  const shown = await flowTextsAndValues();
  for (const name of ["Home", "Ground floor", "First floor", "Kitchen", "Office", "Bathroom"]) {
    assert.ok(shown.includes(name), `no device ${name} in ${shown}`);
  }
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
  await pick("Motion sensors", "Living room motion");
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

/** Choose an entity in a picker: search for its name, take the one option. */
async function pick(label, name) {
  const field = entityField(label);
  await openPicker(field);
  await page.keyboard.type(name);
  await page
    .locator('[role="option"], ha-combo-box-item:not(ha-picker-field ha-combo-box-item)')
    .filter({ hasText: name })
    .first()
    .click();
  await field.getByText(name).or(field.locator(`[value*="${name}"]`)).first().waitFor({ state: "attached" });
}
