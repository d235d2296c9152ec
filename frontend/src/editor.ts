// The card's visual editor: which location (or the whole home), what to show.

import { LitElement, css, html, nothing, type TemplateResult } from "lit";

import { RELOAD_MS, RETRY_MS } from "./card";
import { translator } from "./i18n";
import { applyMessage, buildRows, type Home } from "./tree";
import type { CardConfig, FeedMessage, HomeAssistant, Unsubscribe } from "./types";

export class OccupancyManagerCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _home: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare _config: CardConfig | undefined;
  declare _home: Home;
  private _unsubscribe: Promise<Unsubscribe | undefined> | undefined;
  private _retry: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this._home = new Map();
  }

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribeNow();
  }

  protected override willUpdate(): void {
    // The same feed as the card: the locations the user may read, kept current.
    if (this.hass && !this._unsubscribe && this._retry === undefined && this.isConnected) {
      this._unsubscribe = this.hass.connection
        .subscribeMessage<FeedMessage>(
          (message) => {
            // The home reloads: keep the list until the new home's arrives.
            if (message.ended) this._subscribeAgain(RELOAD_MS);
            else this._home = applyMessage(this._home, message);
          },
          { type: "occupancy_manager/subscribe" },
        )
        .catch(() => {
          this._subscribeAgain(RETRY_MS);
          return undefined;
        });
    }
  }

  private _subscribeAgain(delay: number): void {
    this._unsubscribeNow();
    this._retry = setTimeout(() => {
      this._retry = undefined;
      this.requestUpdate(); // willUpdate subscribes
    }, delay);
  }

  private _unsubscribeNow(): void {
    if (this._retry !== undefined) clearTimeout(this._retry);
    this._retry = undefined;
    const pending = this._unsubscribe;
    this._unsubscribe = undefined;
    void pending?.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
  }

  private _changed(patch: Partial<CardConfig>): void {
    const config: CardConfig = { ...this._config!, ...patch };
    if (!config.location_id) delete config.location_id;
    this._config = config;
    this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }),
    );
  }

  protected override render(): TemplateResult {
    const t = translator(this.hass);
    const config = this._config ?? { type: "" };
    const rows = buildRows(this._home);
    // A chosen location the home no longer has (deleted): shown as such, so that
    // "Whole home" is a change the select reports.
    const missing =
      config.location_id !== undefined && this._home.size > 0 && !this._home.has(config.location_id);
    return html`<div class="editor">
      <label>
        <span>${t("editor_location")}</span>
        <select
          id="location"
          @change=${(ev: Event) =>
            this._changed({ location_id: (ev.target as HTMLSelectElement).value || undefined })}
        >
          ${missing
            ? html`<option value=${config.location_id!} selected disabled>${t("editor_missing")}</option>`
            : nothing}
          <option value="" ?selected=${!config.location_id}>${t("editor_whole_home")}</option>
          ${rows.map(
            ({ location, depth }) =>
              html`<option value=${location.id} ?selected=${config.location_id === location.id}>
                ${"\u2003".repeat(depth)}${location.name}
              </option>`,
          )}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="show_contributions"
          .checked=${config.show_contributions !== false}
          @change=${(ev: Event) =>
            this._changed({ show_contributions: (ev.target as HTMLInputElement).checked })}
        />
        <span>${t("editor_show_contributions")}</span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="show_occupants"
          .checked=${config.show_occupants !== false}
          @change=${(ev: Event) =>
            this._changed({ show_occupants: (ev.target as HTMLInputElement).checked })}
        />
        <span>${t("editor_show_occupants")}</span>
      </label>
    </div>`;
  }

  static override styles = css`
    .editor {
      display: flex;
      flex-direction: column;
      gap: 12px;
      color: var(--primary-text-color);
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    label.check {
      flex-direction: row;
      align-items: center;
      gap: 8px;
    }
    select {
      font: inherit;
      padding: 8px;
      border-radius: 4px;
      color: var(--primary-text-color);
      background: var(--card-background-color, transparent);
      border: 1px solid var(--divider-color, #ccc);
    }
    select:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
      outline-offset: 2px;
    }
  `;
}

if (!customElements.get("occupancy-manager-card-editor")) {
  customElements.define("occupancy-manager-card-editor", OccupancyManagerCardEditor);
}
