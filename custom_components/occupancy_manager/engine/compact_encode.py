"""Writing the compact snapshot format (version 3; compact.py describes and reads it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from .compact import COMPACT_VERSION
from .model import CHILD_SOURCE_PREFIX, Contribution

if TYPE_CHECKING:
    from .node import Node


def encode(nodes: Iterable[Node], now: datetime) -> dict[str, object]:
    """Serialise every node's persistent state in the compact format."""
    locations: dict[str, dict[str, object]] = {}
    # One pass, inline: a save runs this once per location, and a call per location
    # was 3 % of it. A moment costs a subtraction and the microseconds of the
    # difference (``_moment_out``'s sum, inline; ``delta // timedelta(microseconds=1)``
    # costs a third more), unless it is the very moment its parent holds in the same
    # field: a trigger stamps a room and the ancestors it holds with one datetime
    # object, and a room and its parent fill up together. Parents come first, so the
    # parent's entry already holds the value (a quarter of all moments). The three
    # moment blocks below are that, once per field (``parent is not None`` only tells
    # the type checker what ``above is not None`` implies).
    for node in nodes:
        entry: dict[str, object] = {}
        locations[node.id] = entry
        parent = node.parent
        above = None if parent is None else locations.get(parent.id)
        since = node.occupied_since
        if node.occupied != (since is not None):
            entry["o"] = node.occupied
        if since is not None:
            if (
                above is not None
                and parent is not None
                and since is parent.occupied_since
            ):
                entry["s"] = above["s"]
            else:
                delta = since - now
                entry["s"] = (
                    delta.days * 86_400 + delta.seconds
                ) * 1_000_000 + delta.microseconds
        moment = node.vacant_since
        if moment is not None:
            if (
                above is not None
                and parent is not None
                and moment is parent.vacant_since
            ):
                entry["v"] = above["v"]
            else:
                delta = moment - now
                entry["v"] = (
                    delta.days * 86_400 + delta.seconds
                ) * 1_000_000 + delta.microseconds
        moment = node.last_activity
        if moment is not None:
            if (
                above is not None
                and parent is not None
                and moment is parent.last_activity
            ):
                entry["a"] = above["a"]
            else:
                delta = moment - now
                entry["a"] = (
                    delta.days * 86_400 + delta.seconds
                ) * 1_000_000 + delta.microseconds
        if node.locks:
            _encode_locked(node, entry, now)
        elif node.contributions:
            trailing = node.trailing
            # A child's contribution is derived again on restore from the child.
            items: list[object] = [
                source_id  # the usual one: a held sensor
                if contribution.expires_at is None
                and contribution.occupant is None
                and contribution.remaining is None
                and source_id not in trailing
                else _encode_contribution(contribution, source_id in trailing, now)
                for contribution in node.contributions  # sorted by source id
                if not (source_id := contribution.source_id).startswith(
                    CHILD_SOURCE_PREFIX
                )
            ]
            if items:
                entry["c"] = items
    return {"version": COMPACT_VERSION, "now": now.isoformat(), "locations": locations}


def _encode_locked(node: Node, entry: dict[str, object], now: datetime) -> None:
    """What a locked location adds: every contribution, its locks, ladder and children.

    A locked location is frozen, so nothing of it is derived again on restore.
    """
    trailing = node.trailing
    items: list[object] = []
    for contribution in node.contributions:  # sorted by source id
        source_id = contribution.source_id
        if (
            contribution.expires_at is None
            and contribution.occupant is None
            and contribution.remaining is None
            and source_id not in trailing
        ):
            items.append(source_id)
        else:
            items.append(_encode_contribution(contribution, source_id in trailing, now))
    if items:
        entry["c"] = items
    entry["k"] = [
        [lock.source_id, None if lock.until is None else _moment_out(lock.until, now)]
        for lock in node.lock_view
    ]
    entry["l"] = node.ladder.value
    if node.child_occupants:
        entry["n"] = {
            child_id: sorted(names)
            for child_id, names in sorted(node.child_occupants.items())
        }


def _encode_contribution(
    contribution: Contribution, trailing: bool, now: datetime
) -> list[object]:
    expires_at = contribution.expires_at
    remaining = contribution.remaining
    item: list[object] = [
        contribution.source_id,
        None if expires_at is None else _moment_out(expires_at, now),
        contribution.occupant,
        None if remaining is None else remaining.total_seconds(),
        trailing,
    ]
    while len(item) > 2 and not item[-1]:
        # Leave off defaults at the end (None, False); an empty occupant cannot occur.
        item.pop()
    return item


def _moment_out(moment: datetime, now: datetime) -> int:
    """A moment as whole microseconds after ``now``."""
    delta = moment - now
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
