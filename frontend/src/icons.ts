// The few Material Design Icons the card draws, inlined as SVG paths: a row costs no
// icon lookup (Home Assistant's ha-icon loads each one asynchronously), and the card
// looks the same in the card picker's preview.

import {
  mdiAccount,
  mdiAccountMultiple,
  mdiAlertCircle,
  mdiBee,
  mdiDoor,
  mdiDoorOpen,
  mdiExitRun,
  mdiFileTree,
  mdiGestureTap,
  mdiHelpCircleOutline,
  mdiLock,
  mdiLockOpenVariant,
  mdiMotionSensor,
  mdiRadar,
  mdiTelevisionPlay,
  mdiTimerSand,
} from "@mdi/js";
import { html, type TemplateResult } from "lit";

const PATHS: Record<string, string> = {
  "mdi:account": mdiAccount,
  "mdi:account-multiple": mdiAccountMultiple,
  "mdi:alert-circle": mdiAlertCircle,
  "mdi:bee": mdiBee,
  "mdi:door": mdiDoor,
  "mdi:door-open": mdiDoorOpen,
  "mdi:exit-run": mdiExitRun,
  "mdi:file-tree": mdiFileTree,
  "mdi:gesture-tap": mdiGestureTap,
  "mdi:help-circle-outline": mdiHelpCircleOutline,
  "mdi:lock": mdiLock,
  "mdi:lock-open-variant": mdiLockOpenVariant,
  "mdi:motion-sensor": mdiMotionSensor,
  "mdi:radar": mdiRadar,
  "mdi:television-play": mdiTelevisionPlay,
  "mdi:timer-sand": mdiTimerSand,
};

/** An icon by its mdi name, decorative (hidden from assistive technology). */
export function icon(name: string): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${PATHS[name] ?? mdiHelpCircleOutline}></path></svg>`;
}

export function hasIcon(name: string): boolean {
  return name in PATHS;
}
