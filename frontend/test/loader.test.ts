import { describe, expect, it } from "vitest";

import { ENGLISH } from "../src/i18n";
import { PICKER_ENTRY, frontendReady, offerInPicker } from "../src/loader";

/** A registry that defines names when told, like the browser's (or the frontend's). */
function registry(defined: string[] = []) {
  const waiting = new Map<string, () => void>();
  const names = new Set(defined);
  return {
    whenDefined: (name: string) =>
      names.has(name)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.set(name, resolve)),
    define: (name: string) => {
      names.add(name);
      waiting.get(name)?.();
    },
  };
}
const page = (root: boolean) => ({
  querySelector: (selector: string) => (root && selector === "home-assistant" ? {} : null),
});
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  return done;
};

describe("frontendReady", () => {
  it("waits in Home Assistant's page until the frontend has defined its root element", async () => {
    // Home Assistant's app bundle replaces the element registry when it runs: elements
    // defined before that are invisible to the dashboards.
    const elements = registry();
    const ready = frontendReady(page(true), elements);
    expect(await settled(ready)).toBe(false);
    elements.define("home-assistant");
    expect(await settled(ready)).toBe(true);
  });

  it("is ready at once when the frontend already runs (a dashboard resource, a reload)", async () => {
    expect(await settled(frontendReady(page(true), registry(["home-assistant"])))).toBe(true);
  });

  it("is ready at once outside Home Assistant's page (the performance page)", async () => {
    expect(await settled(frontendReady(page(false), registry()))).toBe(true);
  });
});

describe("offerInPicker", () => {
  it("offers the card once, with the card's own name and description", () => {
    const win: { customCards?: unknown[] } = { customCards: [{ type: "other-card" }] };
    offerInPicker(win);
    offerInPicker(win);
    expect(win.customCards).toEqual([{ type: "other-card" }, PICKER_ENTRY]);
    expect(PICKER_ENTRY).toMatchObject({
      type: "occupancy-manager-card",
      name: ENGLISH.card_name,
      description: ENGLISH.card_description,
      preview: true,
    });
  });
});
