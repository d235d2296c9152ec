// Words and numbers the card shows: countdowns, reasons. Pure: "now" is an argument.

import type { Contribution } from "./types";

/** Seconds until ``expiresAt`` (never negative); null for "no end". */
export function secondsLeft(expiresAt: string | null, now: number): number | null {
  if (expiresAt === null) return null;
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return null;
  return Math.max(0, Math.ceil((end - now) / 1000));
}

/** A countdown as a clock: 45 → "0:45", 3725 → "1:02:05", 2 days → "2d 3:00:00". */
export function formatCountdown(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const two = (value: number): string => String(value).padStart(2, "0");
  const clock =
    hours > 0 || days > 0 ? `${hours}:${two(minutes)}:${two(secs)}` : `${minutes}:${two(secs)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** What a contribution shows instead of a countdown (or the countdown itself). */
export type Remaining =
  | { kind: "countdown"; expiresAt: string }
  | { kind: "paused"; seconds: number }
  | { kind: "held" };

export function remainingOf(contribution: Contribution): Remaining {
  if (contribution.expires_at !== null) {
    return { kind: "countdown", expiresAt: contribution.expires_at };
  }
  if (contribution.remaining !== null) {
    return { kind: "paused", seconds: contribution.remaining };
  }
  return { kind: "held" };
}

export type Translate = (key: string, placeholders?: Record<string, string>) => string;
export type Namer = (id: string) => string;

/**
 * A reason code (ENGINE.md §6, e.g. ``expired:binary_sensor.x``) in words, like the
 * logbook's. Several reasons are joined by "; " (the quiet time after a vacate).
 */
export function reasonWords(
  reason: string | null,
  t: Translate,
  sourceName: Namer,
  locationName: Namer,
): string {
  if (!reason) return "";
  return reason
    .split("; ")
    .map((part) => oneReason(part, t, sourceName, locationName))
    .join("; ");
}

const QUIET = /^ignored trigger:(.+) \(quiet after vacate\)$/;

/** The source id of the wasp-in-a-box contribution (no entity has an id without a dot). */
const WASP = "wasp";

/** A contribution's source in words: the wasp as the form names it, else its name. */
export function contributionName(item: Contribution, t: Translate): string {
  return item.source_id === WASP ? t("source_wasp") : item.source_name;
}

function oneReason(reason: string, t: Translate, namer: Namer, locationName: Namer): string {
  const sourceName = (id: string): string => (id === WASP ? t("source_wasp") : namer(id));
  const quiet = QUIET.exec(reason);
  if (quiet) return t("reason_quiet", { source: sourceName(quiet[1]!) });
  const colon = reason.indexOf(":");
  const code = colon < 0 ? reason : reason.slice(0, colon);
  const subject = colon < 0 ? "" : reason.slice(colon + 1);
  switch (code) {
    case "trigger":
      return sourceName(subject);
    case "clear":
      return t("reason_clear", { source: sourceName(subject) });
    case "expired":
      return t("reason_expired", { source: sourceName(subject) });
    case "vacate":
      return t("reason_vacate");
    case "child":
      return t("reason_child", { location: locationName(subject) });
    case "parent":
      return t("reason_parent", { location: locationName(subject) });
    case "lock":
      return t("reason_lock", { holder: subject });
    case "unlock":
      return t("reason_unlock", { holder: subject });
    case "restore":
      return t("reason_restore");
    case "config":
      return t("reason_config");
    case "ladder":
      return t("reason_ladder");
    default:
      return reason;
  }
}

/** The mdi icon of a contribution kind (CONTRACT: contribution ``kind`` values). */
export function kindIcon(kind: string): string {
  return KIND_ICONS[kind] ?? "mdi:help-circle-outline";
}

const KIND_ICONS: Record<string, string> = {
  motion: "mdi:motion-sensor",
  presence: "mdi:radar",
  keep: "mdi:timer-sand",
  door: "mdi:door-open",
  state_door: "mdi:door",
  media: "mdi:television-play",
  occupant: "mdi:account",
  wasp: "mdi:bee",
  action: "mdi:gesture-tap",
  lock: "mdi:lock",
  child: "mdi:file-tree",
};

/**
 * A moment as the user reads it: the time of day when it is today, else with the
 * weekday and date too; in 12 or 24 hours as their profile says (Home Assistant's
 * ``time_format``: "language", "system", "am_pm" or "24").
 */
export function formatMoment(
  iso: string | null,
  now: number,
  language: string,
  timeFormat?: string,
): string {
  if (iso === null) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const sameDay = new Date(now).toDateString() === when.toDateString();
  return formatter(language, sameDay, timeFormat).format(when);
}

/** Whether to show AM/PM, as Home Assistant's own frontend decides it. */
function amPm(timeFormat: string | undefined): boolean | undefined {
  if (timeFormat === "24") return false;
  if (timeFormat === "am_pm") return true;
  if (timeFormat !== "system") return undefined; // the language's own way
  return new Date(2023, 0, 1, 22).toLocaleTimeString(undefined).includes("10");
}

// Building an Intl.DateTimeFormat costs far more than using one: one per language.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, timeOnly: boolean, timeFormat?: string): Intl.DateTimeFormat {
  const key = `${language}|${timeOnly}|${timeFormat}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = timeOnly
      ? { hour: "numeric", minute: "2-digit" }
      : { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" };
    const hour12 = amPm(timeFormat);
    if (hour12 !== undefined) options.hour12 = hour12;
    try {
      found = new Intl.DateTimeFormat(language, options);
    } catch {
      found = new Intl.DateTimeFormat("en", options);
    }
    formatters.set(key, found);
  }
  return found;
}
