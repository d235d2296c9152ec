// One location's row. It redraws only when its location object (or the shared context)
// changes, so a change of one room redraws one row; countdowns tick by themselves.

import { LitElement, css, html, nothing, type TemplateResult } from "lit";

import "./countdown";
import { kindIcon, reasonWords, remainingOf, formatCountdown, type Namer, type Translate } from "./format";
import type { Contribution, Ladder, Location } from "./types";

/** What every row shares; a new object only when the card's settings or texts change. */
export interface RowContext {
  t: Translate;
  stateName: (state: Ladder) => string;
  moment: (iso: string | null) => string;
  sourceName: Namer;
  locationName: Namer;
  call: (service: string, entityId: string, data?: Record<string, unknown>) => void;
  holder: string;
  showContributions: boolean;
  showOccupants: boolean;
}

/** Lock durations offered, in seconds (0: until unlocked). */
export const LOCK_DURATIONS: ReadonlyArray<[string, number]> = [
  ["duration_1h", 3600],
  ["duration_15m", 900],
  ["duration_4h", 14400],
  ["duration_none", 0],
];

export class OccupancyLocationRow extends LitElement {
  static override properties = {
    location: { attribute: false },
    depth: { type: Number },
    ctx: { attribute: false },
  };

  declare location: Location;
  declare depth: number;
  declare ctx: RowContext;
  /** How often this row was drawn (the browser test checks only changed rows redraw). */
  renderCount = 0;

  constructor() {
    super();
    this.depth = 0;
  }

  protected override render(): TemplateResult | typeof nothing {
    const location = this.location;
    const ctx = this.ctx;
    if (!location || !ctx) return nothing;
    this.renderCount += 1;
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
    return html`
      <div
        class="row ${location.state}"
        style="--depth: ${this.depth}"
        role="group"
        aria-label=${t("row_label", { name: location.name, state })}
      >
        <div class="head">
          <span class="dot" aria-hidden="true"></span>
          <span class="name">${location.name}</span>
          <span class="state">${state}</span>
          <span class="since">${since}</span>
          ${location.problem_sources.length
            ? html`<span
                class="problem"
                role="img"
                title=${t("problem", { sources: location.problem_sources.map(ctx.sourceName).join(", ") })}
                aria-label=${t("problem", { sources: location.problem_sources.map(ctx.sourceName).join(", ") })}
                ><ha-icon icon="mdi:alert-circle"></ha-icon
              ></span>`
            : nothing}
        </div>
        ${reason ? html`<div class="reason">${reason}</div>` : nothing}
        ${ctx.showContributions && location.contributions.length
          ? html`<ul class="contributions" aria-label=${t("contributions")}>
              ${location.contributions.map((item) => this._contribution(item))}
            </ul>`
          : nothing}
        ${ctx.showOccupants && location.occupants.length
          ? html`<div class="occupants" aria-label=${t("occupants")}>
              <ha-icon icon="mdi:account-multiple" aria-hidden="true"></ha-icon>
              ${location.occupants.map((name) => html`<span class="chip">${name}</span>`)}
            </div>`
          : nothing}
        ${location.locked_by.length ? this._locks(location) : nothing}
        ${entityId ? this._actions(location, entityId) : nothing}
      </div>
    `;
  }

  private _contribution(item: Contribution): TemplateResult {
    const remaining = remainingOf(item);
    const t = this.ctx.t;
    return html`<li class="contribution">
      <ha-icon icon=${kindIcon(item.kind)} aria-hidden="true"></ha-icon>
      <span class="source">${item.source_name}</span>
      ${item.occupant ? html`<span class="chip">${item.occupant}</span>` : nothing}
      <span class="remaining">
        ${remaining.kind === "countdown"
          ? html`<occupancy-manager-countdown .until=${remaining.expiresAt}></occupancy-manager-countdown>`
          : remaining.kind === "paused"
            ? t("paused", { time: formatCountdown(remaining.seconds) })
            : t("held")}
      </span>
    </li>`;
  }

  private _locks(location: Location): TemplateResult {
    const t = this.ctx.t;
    const end = location.lock_until
      ? t("lock_until", { time: this.ctx.moment(location.lock_until) })
      : t("lock_no_end");
    return html`<div class="locks">
      <ha-icon icon="mdi:lock" aria-hidden="true"></ha-icon>
      <span>${t("locked_by", { holders: location.locked_by.join(", ") })}</span>
      <span class="lock-end">${end}</span>
      ${location.locked_by.map(
        (holder) => html`<button
          class="unlock"
          aria-label=${t("unlock_label", { holder, name: location.name })}
          @click=${() => this.ctx.call("unlock", location.entity_id!, { source_id: holder })}
        >
          <ha-icon icon="mdi:lock-open-variant" aria-hidden="true"></ha-icon>${t("unlock")} ${holder}
        </button>`,
      )}
    </div>`;
  }

  private _actions(location: Location, entityId: string): TemplateResult {
    const t = this.ctx.t;
    const lock = (): void => {
      const select = this.renderRoot.querySelector<HTMLSelectElement>("select.duration");
      const seconds = Number(select?.value ?? 0);
      this.ctx.call("lock", entityId, {
        source_id: this.ctx.holder,
        ...(seconds > 0 ? { duration: { seconds } } : {}),
      });
    };
    return html`<div class="actions">
      <select class="duration" aria-label=${t("lock_for")}>
        ${LOCK_DURATIONS.map(([key, seconds]) => html`<option value=${seconds}>${t(key)}</option>`)}
      </select>
      <button class="lock" aria-label=${t("lock_label", { name: location.name })} @click=${lock}>
        <ha-icon icon="mdi:lock" aria-hidden="true"></ha-icon>${t("lock")}
      </button>
      <button
        class="vacate"
        aria-label=${t("vacate_label", { name: location.name })}
        @click=${() => this.ctx.call("vacate", entityId)}
      >
        <ha-icon icon="mdi:exit-run" aria-hidden="true"></ha-icon>${t("vacate")}
      </button>
    </div>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .row {
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
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 6px 0 0 20px;
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
      .actions {
        margin-left: 8px;
      }
    }
  `;
}

if (!customElements.get("occupancy-manager-location")) {
  customElements.define("occupancy-manager-location", OccupancyLocationRow);
}
