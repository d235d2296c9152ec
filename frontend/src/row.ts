// One location's row, as a template of the card's own shadow root (no element and no
// shadow root per row: a home of 200 locations draws its first frame at once). The
// card redraws a row only when its location object, depth, context or lock choice
// changed (lit's guard), so a change of one room redraws one row; countdowns tick by
// themselves.

import { css, html, nothing, type TemplateResult } from "lit";

import "./countdown";
import {
  contributionName,
  formatCountdown,
  kindIcon,
  reasonWords,
  remainingOf,
  type Namer,
  type Translate,
} from "./format";
import { icon } from "./icons";
import type { Contribution, Ladder, Location } from "./types";

/** What every row shares; a new object only when the card's settings or texts change. */
export interface RowContext {
  t: Translate;
  stateName: (state: Ladder) => string;
  moment: (iso: string | null) => string;
  sourceName: Namer;
  locationName: Namer;
  call: (service: string, entityId: string, data?: Record<string, unknown>) => void;
  /** Open Home Assistant's more-info dialog of an entity. */
  moreInfo: (entityId: string) => void;
  /** Show or hide the lock durations of a location (null: none shown). */
  choose: (locationId: string | null) => void;
  holder: string;
  showContributions: boolean;
  showOccupants: boolean;
}

/** Lock durations offered, in seconds (0: until unlocked). */
export const LOCK_DURATIONS: ReadonlyArray<[string, number]> = [
  ["duration_15m", 900],
  ["duration_1h", 3600],
  ["duration_4h", 14400],
  ["duration_none", 0],
];

export function renderRow(
  location: Location,
  depth: number,
  ctx: RowContext,
  choosing: boolean,
): TemplateResult {
  const t = ctx.t;
  const state = ctx.stateName(location.state);
  const since = location.since ? t("since", { time: ctx.moment(location.since) }) : "";
  const reason = reasonWords(
    location.reason,
    t,
    (id) => location.contributions.find((c) => c.source_id === id)?.source_name ?? ctx.sourceName(id),
    ctx.locationName,
  );
  const entityId = location.entity_id;
  const problem = location.problem_sources.length
    ? t("problem", { sources: location.problem_sources.map(ctx.sourceName).join(", ") })
    : "";
  return html`<div
    class="row ${location.state}"
    style="--depth: ${depth}"
    role="listitem"
    aria-level=${depth + 1}
    data-location=${location.id}
    aria-label=${t("row_label", { name: location.name, state })}
  >
    <div class="head">
      <span class="dot" aria-hidden="true"></span>
      ${entityId
        ? html`<button class="name" @click=${() => ctx.moreInfo(entityId)}>${location.name}</button>`
        : html`<span class="name">${location.name}</span>`}
      <span class="state">${state}</span>
      <span class="since">${since}</span>
      ${problem
        ? html`<span class="problem" role="img" title=${problem} aria-label=${problem}
            >${icon("mdi:alert-circle")}</span
          >`
        : nothing}
      ${entityId ? actions(location, entityId, ctx, choosing) : nothing}
    </div>
    ${reason ? html`<div class="reason">${reason}</div>` : nothing}
    ${ctx.showContributions && location.contributions.length
      ? html`<ul class="contributions" aria-label=${t("contributions")}>
          ${location.contributions.map((item) => contribution(item, t))}
        </ul>`
      : nothing}
    ${ctx.showOccupants && location.occupants.length
      ? html`<div class="occupants" aria-label=${t("occupants")}>
          ${icon("mdi:account-multiple")}
          ${location.occupants.map((name) => html`<span class="chip">${name}</span>`)}
        </div>`
      : nothing}
    ${entityId && choosing ? lockChoices(location, entityId, ctx) : nothing}
    ${location.locked_by.length ? locks(location, ctx) : nothing}
  </div>`;
}

function contribution(item: Contribution, t: Translate): TemplateResult {
  const remaining = remainingOf(item);
  return html`<li class="contribution">
    ${icon(kindIcon(item.kind))}
    <span class="source">${contributionName(item, t)}</span>
    ${item.occupant ? html`<span class="chip">${item.occupant}</span>` : nothing}
    <span class="remaining">
      ${remaining.kind === "countdown"
        ? html`<occupancy-manager-countdown .until=${remaining.expiresAt}></occupancy-manager-countdown>`
        : remaining.kind === "paused"
          ? t("paused", { time: formatCountdown(remaining.seconds) })
          : t(item.kind === "child" ? "held_child" : "held")}
    </span>
  </li>`;
}

function locks(location: Location, ctx: RowContext): TemplateResult {
  const t = ctx.t;
  const end = location.lock_until
    ? t("lock_until", { time: ctx.moment(location.lock_until) })
    : t("lock_no_end");
  return html`<div class="locks">
    ${icon("mdi:lock")}
    <span>${t("locked_by", { holders: location.locked_by.join(", ") })}</span>
    <span class="lock-end">${end}</span>
    ${location.locked_by.map(
      (holder) => html`<button
        class="unlock"
        aria-label=${t("unlock_label", { holder, name: location.name })}
        @click=${() => ctx.call("unlock", location.entity_id!, { source_id: holder })}
      >
        ${icon("mdi:lock-open-variant")}${t("unlock")} ${holder}
      </button>`,
    )}
  </div>`;
}

function actions(location: Location, entityId: string, ctx: RowContext, choosing: boolean): TemplateResult {
  const t = ctx.t;
  return html`<span class="actions">
    <button
      class="lock"
      aria-label=${t("lock_label", { name: location.name })}
      aria-expanded=${choosing ? "true" : "false"}
      @click=${() => ctx.choose(choosing ? null : location.id)}
    >
      ${icon("mdi:lock")}${t("lock")}
    </button>
    <button
      class="vacate"
      aria-label=${t("vacate_label", { name: location.name })}
      @click=${() => ctx.call("vacate", entityId)}
    >
      ${icon("mdi:exit-run")}${t("vacate")}
    </button>
  </span>`;
}

/** The lock's durations, shown once Lock is pressed (drawn for one row, not 200). */
function lockChoices(location: Location, entityId: string, ctx: RowContext): TemplateResult {
  const t = ctx.t;
  const lock = (seconds: number): void => {
    ctx.choose(null);
    ctx.call("lock", entityId, {
      source_id: ctx.holder,
      ...(seconds > 0 ? { duration: { seconds } } : {}),
    });
  };
  return html`<div class="choices" role="group" aria-label=${t("lock_label", { name: location.name })}>
    <span>${t("lock_for")}</span>
    ${LOCK_DURATIONS.map(
      ([key, seconds]) => html`<button class="duration" @click=${() => lock(seconds)}>${t(key)}</button>`,
    )}
  </div>`;
}

export const rowStyles = css`
  .row {
    /* Rows out of view skip layout and paint: 200 locations still draw at once. */
    content-visibility: auto;
    contain-intrinsic-size: auto 44px;
    --om-color: var(--state-inactive-color, var(--disabled-text-color, #9e9e9e));
    padding: 8px 12px 8px calc(12px + var(--depth, 0) * 20px);
    border-top: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
    color: var(--primary-text-color);
  }
  .row.occupied {
    --om-color: var(--om-occupied-color, var(--state-active-color, var(--amber-color, #ffc107)));
  }
  .row.recently_occupied {
    --om-color: var(--om-recently-occupied-color, var(--orange-color, #ff9800));
  }
  .row.vacant {
    --om-color: var(--om-vacant-color, var(--state-inactive-color, var(--grey-color, #9e9e9e)));
  }
  .row.extended_vacant {
    --om-color: var(--om-extended-vacant-color, var(--disabled-color, #bdbdbd));
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
  }
  .dot {
    width: 12px;
    height: 12px;
    border-radius: 50%;
    background: var(--om-color);
    flex: none;
  }
  .extended_vacant .dot {
    background: transparent;
    border: 2px dashed var(--om-color);
    width: 8px;
    height: 8px;
  }
  .name {
    font-weight: 500;
  }
  /* A name without spaces breaks inside the card, not past its edge. */
  .name,
  .source,
  .chip {
    overflow-wrap: anywhere;
  }
  button.name {
    all: unset;
    font-weight: 500;
    overflow-wrap: anywhere;
    cursor: pointer;
    border-radius: 4px;
  }
  button.name:hover {
    text-decoration: underline;
  }
  .state {
    color: var(--om-color);
    font-weight: 500;
  }
  .occupied .state,
  .recently_occupied .state {
    filter: brightness(0.85);
  }
  .since,
  .reason,
  .lock-end,
  .remaining {
    color: var(--secondary-text-color);
    font-size: 0.9em;
  }
  .reason {
    margin: 2px 0 0 20px;
  }
  .problem {
    color: var(--error-color, #db4437);
    --mdc-icon-size: 18px;
  }
  ul.contributions {
    list-style: none;
    margin: 4px 0 0 20px;
    padding: 0;
  }
  .contribution,
  .occupants,
  .locks {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    --mdc-icon-size: 18px;
    min-height: 24px;
  }
  .occupants,
  .locks {
    margin: 4px 0 0 20px;
  }
  .locks {
    color: var(--warning-color, #ffa600);
  }
  .locks span:first-of-type {
    color: var(--primary-text-color);
  }
  .remaining {
    font-variant-numeric: tabular-nums;
    margin-left: auto;
  }
  .chip {
    border-radius: 10px;
    padding: 0 8px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.15));
    font-size: 0.85em;
  }
  .actions {
    display: inline-flex;
    gap: 6px;
    margin-left: auto;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 6px 0 0 20px;
    font-size: 0.9em;
    color: var(--secondary-text-color);
  }
  .icon {
    width: var(--mdc-icon-size, 18px);
    height: var(--mdc-icon-size, 18px);
    fill: currentColor;
    flex: none;
  }
  button,
  select {
    font: inherit;
    font-size: 0.85em;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, transparent);
    border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.2));
    border-radius: 8px;
    padding: 4px 8px;
    min-height: 32px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    --mdc-icon-size: 16px;
  }
  button:hover {
    border-color: var(--primary-color);
  }
  button:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  @container om (max-width: 450px) {
    .row {
      padding-left: calc(8px + var(--depth, 0) * 12px);
      padding-right: 8px;
    }
    .reason,
    ul.contributions,
    .occupants,
    .locks,
    .choices {
      margin-left: 8px;
    }
    .actions {
      margin-left: 20px;
    }
  }
`;
