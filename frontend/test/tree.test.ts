import { describe, expect, it } from "vitest";

import { applyMessage, buildRows } from "../src/tree";
import { loc } from "./fixtures";

const first = {
  full: true,
  locations: [
    loc("home", null),
    loc("ground", "home"),
    loc("kitchen", "ground"),
    loc("hall", "ground"),
    loc("attic", null),
  ],
};

describe("applyMessage", () => {
  it("takes the first message as the whole home", () => {
    const home = applyMessage(new Map([["stale", loc("stale", null)]]), first);
    expect([...home.keys()].sort()).toEqual(["attic", "ground", "hall", "home", "kitchen"]);
  });

  it("replaces only the changed locations and keeps the others' objects", () => {
    const home = applyMessage(new Map(), first);
    const kitchen = loc("kitchen", "ground", { occupied: true, state: "occupied" });
    const next = applyMessage(home, { locations: [kitchen] });
    expect(next.get("kitchen")).toBe(kitchen);
    expect(next.get("hall")).toBe(home.get("hall"));
    expect(next).not.toBe(home);
    expect(home.get("kitchen")!.occupied).toBe(false); // the old home is untouched
  });

  it("removes what left the tree and adds what joined it", () => {
    const home = applyMessage(new Map(), first);
    const next = applyMessage(home, { locations: [loc("cellar", null)], removed: ["attic"] });
    expect(next.has("attic")).toBe(false);
    expect(next.get("cellar")!.name).toBe("Cellar");
  });

  it("empties the home when the subscription ended", () => {
    const home = applyMessage(new Map(), first);
    expect(applyMessage(home, { locations: [], ended: true }).size).toBe(0);
  });
});

describe("buildRows", () => {
  const home = applyMessage(new Map(), first);

  it("draws parents before children, siblings by name, with depth", () => {
    expect(buildRows(home).map((row) => [row.location.id, row.depth])).toEqual([
      ["attic", 0],
      ["home", 0],
      ["ground", 1],
      ["hall", 2],
      ["kitchen", 2],
    ]);
  });

  it("draws only a subtree when given its root", () => {
    expect(buildRows(home, "ground").map((row) => [row.location.id, row.depth])).toEqual([
      ["ground", 0],
      ["hall", 1],
      ["kitchen", 1],
    ]);
    expect(buildRows(home, "cellar")).toEqual([]);
  });

  it("draws a location whose parent is not visible as a root", () => {
    const partial = applyMessage(new Map(), { full: true, locations: [loc("kitchen", "ground")] });
    expect(buildRows(partial).map((row) => [row.location.id, row.depth])).toEqual([
      ["kitchen", 0],
    ]);
  });

  it("survives a cycle instead of looping", () => {
    const odd = applyMessage(new Map(), {
      full: true,
      locations: [loc("a", "b"), loc("b", "a"), loc("c", null)],
    });
    expect(buildRows(odd).map((row) => row.location.id)).toEqual(["c"]);
  });

  it("builds 200 locations in tree order", () => {
    const many = [loc("home", null)];
    for (let floor = 0; floor < 10; floor++) {
      many.push(loc(`floor${floor}`, "home"));
      for (let room = 0; room < 21; room++) many.push(loc(`room${floor}_${room}`, `floor${floor}`));
    }
    const rows = buildRows(applyMessage(new Map(), { full: true, locations: many.slice(0, 200) }));
    expect(rows).toHaveLength(200);
    expect(rows[0]!.location.id).toBe("home");
    const index = new Map(rows.map((row, i) => [row.location.id, i]));
    for (const row of rows) {
      if (row.location.parent) expect(index.get(row.location.parent)!).toBeLessThan(index.get(row.location.id)!);
    }
  });
});
