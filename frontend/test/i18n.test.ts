import { describe, expect, it } from "vitest";

import en from "../../custom_components/occupancy_manager/translations/en.json";
import { ENGLISH, stateName, translator } from "../src/i18n";

describe("translations", () => {
  it("ships every built-in English text in the integration's translations", () => {
    // The frontend loads them as component.occupancy_manager.selector.card.options.*
    expect(en.selector.card.options).toEqual(ENGLISH);
  });

  it("takes the state names from the Occupancy state sensor", () => {
    const hass = {
      localize: (key: string) =>
        key === "component.occupancy_manager.entity.sensor.occupancy_state.state.vacant" ? "Frei" : "",
    } as never;
    expect(stateName(hass, "vacant")).toBe("Frei");
    expect(stateName(hass, "occupied")).toBe("Occupied");
    expect(stateName(undefined, "extended_vacant")).toBe(
      en.entity.sensor.occupancy_state.state.extended_vacant,
    );
  });

  it("fills placeholders in the built-in English", () => {
    expect(translator(undefined)("locked_by", { holders: "Mike, Anna" })).toBe("Locked by Mike, Anna");
  });
});
