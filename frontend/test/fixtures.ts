import type { Location } from "../src/types";

export function loc(id: string, parent: string | null, extra: Partial<Location> = {}): Location {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    parent,
    entity_id: `binary_sensor.${id}_occupancy`,
    occupied: false,
    state: "vacant",
    since: null,
    reason: null,
    changed_at: null,
    contributions: [],
    locked_by: [],
    lock_until: null,
    occupants: [],
    problem_sources: [],
    ...extra,
  };
}
