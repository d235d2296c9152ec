// The card: subscribes to `occupancy_manager/subscribe` and draws the (sub)tree.

import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { guard } from "lit/directives/guard.js";
import { repeat } from "lit/directives/repeat.js";

import { formatMoment } from "./format";
import { loadTranslations, stateName, translator } from "./i18n";
import { renderRow, rowStyles, type RowContext } from "./row";
import { applyMessage, buildRows, type Home, type Row } from "./tree";
import type { CardConfig, FeedMessage, HomeAssistant, Unsubscribe } from "./types";

export const CARD_TYPE = "occupancy-manager-card";

type Status = "loading" | "ready" | "no_home" | "not_found";

/** Subscribe again this soon after the home was unloaded (a reload)... */
export const RELOAD_MS = 1000;
/** ...and this often while it is not loaded. */
export const RETRY_MS = 2000;
/** Failed retries after which the last picture is no longer shown as current. */
const STALE_AFTER = 5;
/**
 * Rows drawn in the first frame of a new tree: what a screen holds (a row is at least
 * 44 px high). The rest follow in the next frame, so a big home shows at once instead
 * of after all of it.
 */
const FIRST_FRAME_ROWS = 24;

export class OccupancyManagerCard extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _home: { state: true },
    _status: { state: true },
    _ctx: { state: true },
    _choosing: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare _config: CardConfig | undefined;
  declare _home: Home;
  declare _status: Status;
  declare _ctx: RowContext | undefined;
  /** The location whose lock durations are shown. */
  declare _choosing: string | null;
  /** How often each row was drawn (the browser test checks only changed rows redraw). */
  readonly rowRenders = new Map<string, number>();

  private _unsubscribe: Promise<Unsubscribe | undefined> | undefined;
  private _retry: ReturnType<typeof setTimeout> | undefined;
  private _language: string | undefined;
  private _localize: HomeAssistant["localize"] | undefined;
  private _locale: HomeAssistant["locale"];
  private _rows: Row[] = [];
  private _limit = Infinity;
  private _failures = 0;
  /** When the first message arrived and when its rows were drawn (performance.now). */
  firstMessageAt: number | undefined;
  firstRenderedAt: number | undefined;

  constructor() {
    super();
    this._home = new Map();
    this._status = "loading";
    this._choosing = null;
  }

  static getConfigElement(): HTMLElement {
    return document.createElement("occupancy-manager-card-editor");
  }

  static getStubConfig(): CardConfig {
    return { type: `custom:${CARD_TYPE}`, show_contributions: true, show_occupants: true };
  }

  setConfig(config: CardConfig): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    if (config.location_id !== undefined && typeof config.location_id !== "string") {
      throw new Error("location_id must be a location id");
    }
    const before = this._config?.location_id;
    this._config = { show_contributions: true, show_occupants: true, ...config };
    if (this._unsubscribe && before !== config.location_id) this._resubscribe(0);
    this._ctx = undefined;
  }

  getCardSize(): number {
    return 1 + Math.max(1, this._rows.length);
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 2 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hass && this._config) this._subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribeNow();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has("hass") && this.hass) {
      if (this.hass.language !== this._language) {
        this._language = this.hass.language;
        void loadTranslations(this.hass);
      }
      // Loaded texts come in a later hass with a new localize (not by the time the
      // load's promise resolves), a profile's new time format with a new locale: a
      // new context redraws every row once with them.
      if (this.hass.localize !== this._localize || this.hass.locale !== this._locale) {
        this._localize = this.hass.localize;
        this._locale = this.hass.locale;
        this._ctx = undefined;
      }
      if (!this._unsubscribe && this._config && this.isConnected) this._subscribe();
    }
    if (!this._ctx && this.hass && this._config) this._ctx = this._context();
    if (changed.has("_home") || changed.has("_config")) {
      this._rows = buildRows(this._home, this._config?.location_id);
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (this.firstMessageAt !== undefined && this.firstRenderedAt === undefined) {
      this.firstRenderedAt = performance.now();
    }
    if (changed.has("_choosing") && this._choosing) {
      this.renderRoot.querySelector<HTMLButtonElement>("button.duration")?.focus();
    }
  }

  private _context(): RowContext {
    const hass = this.hass!;
    const config = this._config!;
    const t = translator(hass);
    const language = hass.locale?.language ?? hass.language ?? "en";
    return {
      t,
      stateName: (state) => stateName(this.hass, state),
      moment: (iso) => formatMoment(iso, Date.now(), language, hass.locale?.time_format),
      sourceName: (id) => {
        const name = this.hass?.states[id]?.attributes.friendly_name;
        return typeof name === "string" ? name : id;
      },
      locationName: (id) => this._home.get(id)?.name ?? id,
      call: (service, entityId, data) => {
        void this.hass?.callService("occupancy_manager", service, data ?? {}, {
          entity_id: entityId,
        });
      },
      choose: (locationId) => (this._choosing = locationId),
      moreInfo: (entityId) =>
        this.dispatchEvent(
          new CustomEvent("hass-more-info", { detail: { entityId }, bubbles: true, composed: true }),
        ),
      holder: hass.user?.name || "card",
      showContributions: config.show_contributions !== false,
      showOccupants: config.show_occupants !== false,
    };
  }

  private _subscribe(): void {
    if (this._unsubscribe || !this.hass) return;
    const locationId = this._config?.location_id;
    const message: Record<string, unknown> = { type: "occupancy_manager/subscribe" };
    if (locationId) message.location_id = locationId;
    this._unsubscribe = this.hass.connection
      .subscribeMessage<FeedMessage>((msg) => this._onMessage(msg), message)
      .catch((err: { message?: string }) => {
        this._unsubscribe = undefined;
        this._failures += 1;
        // While the home reloads, keep showing the last picture for a few retries.
        if (this._status !== "ready" || this._failures >= STALE_AFTER) {
          const unknownLocation = Boolean(locationId) && /Unknown location/.test(err?.message ?? "");
          this._status = unknownLocation ? "not_found" : "no_home";
          this._home = new Map();
        }
        this._resubscribe(RETRY_MS);
        return undefined;
      });
  }

  private _onMessage(message: FeedMessage): void {
    if (message.full && this.firstMessageAt === undefined) {
      this.firstMessageAt = performance.now();
    }
    if (message.full && message.locations.length > FIRST_FRAME_ROWS) {
      this._limit = FIRST_FRAME_ROWS;
      // After the frame that paints the first rows (a timeout queued from the frame's
      // own callback runs once it has been painted).
      requestAnimationFrame(() =>
        setTimeout(() => {
          this._limit = Infinity;
          this.requestUpdate();
        }),
      );
    }
    if (message.ended) {
      // The home reloads: keep the last picture until the new one arrives.
      this._resubscribe(RELOAD_MS);
      return;
    }
    this._failures = 0;
    this._home = applyMessage(this._home, message);
    // A card of one location whose location was deleted says what a new subscription
    // would, not "no locations", until the location is back (a permission restored).
    const root = this._config?.location_id;
    const gone =
      root !== undefined &&
      !this._home.has(root) &&
      (this._status === "not_found" || (message.removed ?? []).includes(root));
    this._status = gone ? "not_found" : "ready";
  }

  private _resubscribe(delay: number): void {
    this._unsubscribeNow();
    this._retry = setTimeout(() => {
      this._retry = undefined;
      if (this.isConnected) this._subscribe();
    }, delay);
  }

  private _unsubscribeNow(): void {
    if (this._retry !== undefined) clearTimeout(this._retry);
    this._retry = undefined;
    const pending = this._unsubscribe;
    this._unsubscribe = undefined;
    void pending?.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
  }

  protected override render(): TemplateResult {
    const t = translator(this.hass);
    const title = this._config?.location_id
      ? (this._home.get(this._config.location_id)?.name ?? t("card_name"))
      : t("card_name");
    return html`<ha-card>
      <h1 class="card-header" id="title">${title}</h1>
      <div class="tree" role="list" aria-labelledby="title">${this._body(t)}</div>
    </ha-card>`;
  }

  private _body(t: (key: string) => string): TemplateResult | typeof nothing {
    if (this._status !== "ready") {
      return html`<p class="status">${t(this._status === "loading" ? "loading" : this._status)}</p>`;
    }
    if (!this._rows.length || !this._ctx) return html`<p class="status">${t("empty")}</p>`;
    const ctx = this._ctx;
    const choosing = this._choosing;
    const rows = this._limit < this._rows.length ? this._rows.slice(0, this._limit) : this._rows;
    return html`${repeat(
      rows,
      (row) => row.location.id,
      ({ location, depth }) =>
        guard([location, depth, ctx, choosing === location.id], () => {
          this.rowRenders.set(location.id, (this.rowRenders.get(location.id) ?? 0) + 1);
          return renderRow(location, depth, ctx, choosing === location.id);
        }),
    )}`;
  }

  static override styles = [rowStyles, css`
    :host {
      display: block;
    }
    ha-card {
      overflow: hidden;
      padding-bottom: 4px;
    }
    .card-header {
      margin: 0;
      padding: 12px 16px 8px;
      font-size: var(--ha-card-header-font-size, 1.3em);
      font-weight: var(--ha-card-header-font-weight, 400);
      color: var(--ha-card-header-color, var(--primary-text-color));
      line-height: 1.4;
    }
    .tree {
      container: om / inline-size;
    }
    .status {
      margin: 0;
      padding: 8px 16px 12px;
      color: var(--secondary-text-color);
    }
  `];
}

if (!customElements.get(CARD_TYPE)) {
  customElements.define(CARD_TYPE, OccupancyManagerCard);
}
