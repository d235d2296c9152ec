// Entry of the module the integration serves: offers the card in the picker at once,
// and loads the card's elements once the frontend can register them (loader.ts).

import { frontendReady, offerInPicker } from "./loader";

declare global {
  interface Window {
    customCards?: unknown[];
  }
}

offerInPicker(window);
frontendReady(document, customElements)
  .then(() => import("./elements"))
  // Said, not thrown: an unhandled failed import reads as a stale frontend build to
  // the frontend's boot guard, which then reloads the page.
  .catch((err: unknown) => console.error("Occupancy Manager card did not load", err));
