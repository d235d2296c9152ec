// Texts come from the integration's translations (translations/<lang>.json, loaded by
// the frontend with loadBackendTranslation): the card's own strings live under
// "selector" → "card" → "options" (a category the frontend can load and hassfest
// accepts), the state names are the "Occupancy state" sensor's. English is built in,
// so the card reads well before (or without) the backend translations.

import type { Translate } from "./format";
import type { HomeAssistant, Ladder } from "./types";

export const DOMAIN = "occupancy_manager";

export const ENGLISH: Record<string, string> = {
  card_name: "Occupancy Manager",
  card_description: "A live picture of your home: who is where, why, and until when.",
  loading: "Loading…",
  no_home: "No Occupancy Manager home is loaded.",
  not_found: "This location no longer exists; choose another one in the card's settings.",
  empty: "No locations to show.",
  since: "since {time}",
  reason_clear: "{source} cleared",
  reason_expired: "{source} expired",
  reason_vacate: "vacated",
  reason_child: "via {location}",
  reason_parent: "follows {location}",
  reason_lock: "locked by {holder}",
  reason_unlock: "lock {holder} released",
  reason_restore: "restored after a restart",
  reason_config: "configuration changed",
  reason_ladder: "no recent activity",
  source_wasp: "Wasp in a box",
  reason_quiet: "{source} ignored (quiet after vacate)",
  contributions: "Why",
  held: "while on",
  held_child: "while occupied",
  paused: "paused, {time} left",
  occupants: "Who is there",
  locked_by: "Locked by {holders}",
  lock_until: "until {time}",
  lock_no_end: "until unlocked",
  problem: "Sources problem: {sources}",
  lock: "Lock",
  lock_for: "Lock for",
  unlock: "Unlock",
  vacate: "Vacate",
  duration_15m: "15 minutes",
  duration_1h: "1 hour",
  duration_4h: "4 hours",
  duration_none: "Until unlocked",
  lock_label: "Lock {name}",
  unlock_label: "Release the lock of {holder} on {name}",
  vacate_label: "Vacate {name}",
  row_label: "{name}: {state}",
  editor_location: "Location",
  editor_whole_home: "Whole home",
  editor_missing: "Deleted location",
  editor_show_contributions: "Show why (contributions)",
  editor_show_occupants: "Show who is there",
};

const STATE_ENGLISH: Record<Ladder, string> = {
  occupied: "Occupied",
  recently_occupied: "Recently occupied",
  vacant: "Vacant",
  extended_vacant: "Extended vacancy",
};

function fill(text: string, placeholders?: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => placeholders?.[name] ?? whole);
}

/** A translator over ``hass.localize``, falling back to English key by key. */
export function translator(hass: HomeAssistant | undefined): Translate {
  return (key, placeholders) => {
    const localized = hass?.localize?.(
      `component.${DOMAIN}.selector.card.options.${key}`,
      placeholders,
    );
    return localized || fill(ENGLISH[key] ?? key, placeholders);
  };
}

export function stateName(hass: HomeAssistant | undefined, state: Ladder): string {
  const localized = hass?.localize?.(
    `component.${DOMAIN}.entity.sensor.occupancy_state.state.${state}`,
  );
  return localized || STATE_ENGLISH[state] || state;
}

/** Load the integration's texts the card uses (each category once per language). */
export async function loadTranslations(hass: HomeAssistant): Promise<void> {
  if (!hass.loadBackendTranslation) return;
  await Promise.all([
    hass.loadBackendTranslation("selector", DOMAIN),
    hass.loadBackendTranslation("entity", DOMAIN),
  ]);
}
