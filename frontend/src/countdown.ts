// A live countdown that ticks in the browser: one shared one-second timer for every
// countdown on the page, writing text only (no re-render, no server message).

import { formatCountdown, secondsLeft } from "./format";

const ticking = new Set<OccupancyCountdown>();
let timer: ReturnType<typeof setInterval> | undefined;

function tickAll(): void {
  const now = Date.now();
  for (const countdown of ticking) countdown.tick(now);
}

export class OccupancyCountdown extends HTMLElement {
  private _until: string | null = null;

  get until(): string | null {
    return this._until;
  }

  set until(value: string | null) {
    this._until = value;
    this.tick(Date.now());
  }

  connectedCallback(): void {
    this.setAttribute("role", "timer");
    ticking.add(this);
    timer ??= setInterval(tickAll, 1000);
    this.tick(Date.now());
  }

  disconnectedCallback(): void {
    ticking.delete(this);
    if (ticking.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  tick(now: number): void {
    const left = secondsLeft(this._until, now);
    const text = left === null ? "" : formatCountdown(left);
    if (this.textContent !== text) this.textContent = text;
  }
}

if (!customElements.get("occupancy-manager-countdown")) {
  customElements.define("occupancy-manager-countdown", OccupancyCountdown);
}
