// Shapes of the `occupancy_manager/subscribe` messages (CONTRACT: "Live picture of the
// home") and the few parts of Home Assistant's frontend objects the card uses.

export type Ladder = "occupied" | "recently_occupied" | "vacant" | "extended_vacant";

export interface Contribution {
  source_id: string;
  source_name: string;
  kind: string;
  expires_at: string | null;
  /** Seconds left when sent; while a lock freezes the contribution, its frozen time. */
  remaining: number | null;
  occupant: string | null;
}

export interface Location {
  id: string;
  name: string;
  parent: string | null;
  entity_id: string | null;
  occupied: boolean;
  state: Ladder;
  since: string | null;
  reason: string | null;
  changed_at: string | null;
  contributions: Contribution[];
  locked_by: string[];
  lock_until: string | null;
  occupants: string[];
  problem_sources: string[];
}

export interface FeedMessage {
  /** The first message of a subscription (and again after a reconnect). */
  full?: boolean;
  locations: Location[];
  removed?: string[];
  /** The home was unloaded: subscribe again once it is back. */
  ended?: boolean;
}

export interface CardConfig {
  type: string;
  location_id?: string;
  show_contributions?: boolean;
  show_occupants?: boolean;
}

export type Unsubscribe = () => void | Promise<void>;

export interface Connection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    subscribeMessage: Record<string, unknown>,
  ): Promise<Unsubscribe>;
}

export interface HomeAssistant {
  connection: Connection;
  language: string;
  locale?: { language: string; time_format?: string };
  user?: { name: string; id: string; is_admin: boolean };
  states: Record<string, { attributes: Record<string, unknown> } | undefined>;
  localize: (key: string, values?: Record<string, string | number>) => string;
  loadBackendTranslation?: (category: string, integration?: string) => Promise<unknown>;
  callService: (
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
  ) => Promise<unknown>;
  themes?: { darkMode?: boolean };
}
