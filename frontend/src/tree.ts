// The card's model: locations by id, kept current by the feed's messages, and the
// rows to draw (tree order, with depth). Pure: no DOM, no clock.

import type { FeedMessage, Location } from "./types";

export type Home = ReadonlyMap<string, Location>;

/**
 * The home after one message. A location that did not change keeps its object, so a
 * renderer that compares by identity redraws only the changed rows.
 */
export function applyMessage(home: Home, message: FeedMessage): Home {
  const next = new Map(message.full || message.ended ? [] : home);
  for (const id of message.removed ?? []) next.delete(id);
  for (const location of message.locations) next.set(location.id, location);
  return next;
}

export interface Row {
  location: Location;
  depth: number;
}

/**
 * Rows in tree order: parents before their children, siblings by name. A location
 * whose parent is not in the home (a subtree's root, or a parent the user may not
 * read) is drawn as a root. With ``rootId`` only that location's subtree is drawn.
 */
export function buildRows(home: Home, rootId?: string): Row[] {
  const children = new Map<string | null, Location[]>();
  for (const location of home.values()) {
    const parent =
      location.parent !== null && home.has(location.parent) ? location.parent : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(location);
    else children.set(parent, [location]);
  }
  for (const siblings of children.values()) siblings.sort(byName);
  const rows: Row[] = [];
  const seen = new Set<string>();
  const visit = (location: Location, depth: number): void => {
    if (seen.has(location.id)) return; // a cycle cannot come from the server; be safe
    seen.add(location.id);
    rows.push({ location, depth });
    for (const child of children.get(location.id) ?? []) visit(child, depth + 1);
  };
  const root = rootId !== undefined ? home.get(rootId) : undefined;
  if (rootId !== undefined) {
    if (root) visit(root, 0);
    return rows;
  }
  for (const top of children.get(null) ?? []) visit(top, 0);
  return rows;
}

function byName(a: Location, b: Location): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
