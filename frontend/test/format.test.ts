import { describe, expect, it } from "vitest";

import {
  contributionName,
  formatCountdown,
  formatMoment,
  kindIcon,
  reasonWords,
  remainingOf,
  secondsLeft,
} from "../src/format";
import { hasIcon } from "../src/icons";
import { translator } from "../src/i18n";

const t = translator(undefined);
const sourceName = (id: string): string => ({ "binary_sensor.kitchen_m": "Kitchen motion" })[id] ?? id;
const locationName = (id: string): string => ({ kitchen: "Kitchen" })[id] ?? id;
const words = (reason: string | null): string => reasonWords(reason, t, sourceName, locationName);

describe("countdowns", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");

  it("counts whole seconds up to the end, never below zero", () => {
    expect(secondsLeft("2026-11-29T12:05:00+00:00", now)).toBe(300);
    expect(secondsLeft("2026-11-29T12:00:00.400000+00:00", now)).toBe(1);
    expect(secondsLeft("2026-11-29T11:59:00+00:00", now)).toBe(0);
    expect(secondsLeft(null, now)).toBeNull();
    expect(secondsLeft("not a time", now)).toBeNull();
  });

  it("formats like a clock", () => {
    expect(formatCountdown(0)).toBe("0:00");
    expect(formatCountdown(45)).toBe("0:45");
    expect(formatCountdown(299)).toBe("4:59");
    expect(formatCountdown(3725)).toBe("1:02:05");
    expect(formatCountdown(2 * 86400 + 3 * 3600)).toBe("2d 3:00:00");
    expect(formatCountdown(-5)).toBe("0:00");
  });

  it("tells a running, a paused and a held contribution apart", () => {
    const base = { source_id: "s", source_name: "S", kind: "motion", occupant: null };
    expect(remainingOf({ ...base, expires_at: "2026-11-29T12:05:00+00:00", remaining: 300 })).toEqual({
      kind: "countdown",
      expiresAt: "2026-11-29T12:05:00+00:00",
    });
    expect(remainingOf({ ...base, expires_at: null, remaining: 90 })).toEqual({ kind: "paused", seconds: 90 });
    expect(remainingOf({ ...base, expires_at: null, remaining: null })).toEqual({ kind: "held" });
  });
});

describe("reason words", () => {
  it("says every reason code in words, like the logbook", () => {
    expect(words("trigger:binary_sensor.kitchen_m")).toBe("Kitchen motion");
    expect(words("clear:binary_sensor.kitchen_m")).toBe("Kitchen motion cleared");
    expect(words("expired:binary_sensor.kitchen_m")).toBe("Kitchen motion expired");
    expect(words("vacate")).toBe("vacated");
    expect(words("child:kitchen")).toBe("via Kitchen");
    expect(words("parent:kitchen")).toBe("follows Kitchen");
    expect(words("lock:Mike")).toBe("locked by Mike");
    expect(words("unlock:Mike")).toBe("lock Mike released");
    expect(words("restore")).toBe("restored after a restart");
    expect(words("config")).toBe("configuration changed");
    expect(words("ladder")).toBe("no recent activity");
    // The wasp-in-a-box contribution's source id is "wasp": named as the form names it.
    expect(words("trigger:wasp")).toBe("Wasp in a box");
    expect(words("expired:wasp")).toBe("Wasp in a box expired");
    expect(words("something:new")).toBe("something:new");
    expect(words(null)).toBe("");
  });

  it("names the wasp-in-a-box contribution as the form does", () => {
    const item = { source_id: "wasp", source_name: "wasp", kind: "wasp", occupant: null, expires_at: null, remaining: null };
    expect(contributionName(item, t)).toBe("Wasp in a box");
    expect(contributionName({ ...item, source_id: "binary_sensor.kitchen_m", source_name: "Kitchen motion", kind: "motion" }, t)).toBe(
      "Kitchen motion",
    );
  });

  it("reads the quiet time after a vacate", () => {
    expect(words("vacate; ignored trigger:binary_sensor.kitchen_m (quiet after vacate)")).toBe(
      "vacated; Kitchen motion ignored (quiet after vacate)",
    );
  });

  it("uses the integration's translations when the frontend has them", () => {
    const german = translator({
      localize: (key: string, values?: Record<string, string | number>) =>
        key === "component.occupancy_manager.selector.card.options.reason_expired"
          ? `${values?.source} abgelaufen`
          : "",
    } as never);
    expect(reasonWords("expired:binary_sensor.kitchen_m", german, sourceName, locationName)).toBe(
      "Kitchen motion abgelaufen",
    );
    expect(reasonWords("vacate", german, sourceName, locationName)).toBe("vacated");
  });
});

describe("moments and icons", () => {
  it("shows the time of day today, and the date otherwise", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(formatMoment("2026-11-29T10:30:00Z", now, "en-GB")).toMatch(/\d{1,2}:30/);
    expect(formatMoment("2026-11-20T10:30:00Z", now, "en-GB")).toMatch(/20 Nov/);
    expect(formatMoment(null, now, "en")).toBe("");
  });

  it("keeps the 12 or 24 hours the user chose on their profile", () => {
    const now = Date.parse("2026-11-29T23:00:00Z");
    const evening = "2026-11-29T22:30:00Z";
    const pm = /PM|p\.?\s?m/i;
    expect(formatMoment(evening, now, "en", "24")).not.toMatch(pm);
    expect(formatMoment(evening, now, "de", "am_pm")).toMatch(pm);
    expect(formatMoment(evening, now, "en", "language")).toMatch(pm);
    expect(formatMoment(evening, now, "de", "language")).not.toMatch(pm);
    expect(formatMoment("2026-11-20T22:30:00Z", now, "en", "24")).not.toMatch(pm);
  });

  it("has an icon for every contribution kind of the contract", () => {
    for (const kind of ["motion", "presence", "keep", "door", "state_door", "media", "occupant", "wasp", "action", "lock", "child"]) {
      expect(kindIcon(kind)).not.toBe("mdi:help-circle-outline");
      expect(hasIcon(kindIcon(kind))).toBe(true);
    }
    expect(kindIcon("unknown")).toBe("mdi:help-circle-outline");
  });
});
