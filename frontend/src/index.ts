// Entry of the bundle the integration serves: defines the elements and offers the card
// in the dashboard's card picker.

import { CARD_TYPE } from "./card";
import "./editor";
import { ENGLISH } from "./i18n";

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

window.customCards = window.customCards ?? [];
if (!window.customCards.some((card) => card.type === CARD_TYPE)) {
  window.customCards.push({
    type: CARD_TYPE,
    name: ENGLISH.card_name!,
    description: ENGLISH.card_description!,
    preview: true,
    documentationURL: "https://github.com/occupancy-manager/occupancy_manager#the-card",
  });
}
