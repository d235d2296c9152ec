// What the entry module does before the card's code may run. Kept free of Lit and of
// every module the card's code imports: the entry and the card's chunk share nothing.

/** The card in the dashboard's card picker (texts as ENGLISH.card_name/description). */
export const PICKER_ENTRY = {
  type: "occupancy-manager-card",
  name: "Occupancy Manager",
  description: "A live picture of your home: who is where, why, and until when.",
  preview: true,
  documentationURL: "https://github.com/occupancy-manager/occupancy_manager#the-card",
} as const;

export function offerInPicker(win: { customCards?: unknown[] }): void {
  win.customCards = win.customCards ?? [];
  if (!win.customCards.some((card) => (card as { type?: string }).type === PICKER_ENTRY.type)) {
    win.customCards.push(PICKER_ENTRY);
  }
}

/**
 * Resolves once the card's elements may be defined.
 *
 * Home Assistant imports this module at page start, beside its own app bundle. When the
 * app bundle runs it replaces `window.customElements` (and `HTMLElement`) with a
 * scoped-registry polyfill; an element defined before that stays in the browser's own
 * registry, which the dashboards no longer ask, so they show "Custom element doesn't
 * exist" for good. The app defines `<home-assistant>` after installing the polyfill,
 * and the polyfill defines through the browser's registry, so `whenDefined` on the
 * registry seen now resolves at the right moment (at once if the app already runs).
 */
export function frontendReady(
  doc: Pick<Document, "querySelector">,
  registry: { whenDefined(name: string): Promise<unknown> },
): Promise<unknown> {
  if (!doc.querySelector("home-assistant")) return Promise.resolve();
  return registry.whenDefined("home-assistant");
}
