"""Snapshot encoding and tolerant decoding (ENGINE.md §7).

``encode`` writes plain JSON types only. ``decode`` never raises on bad data: it logs
a warning naming what it skipped and returns what it could read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
import logging
import math
from typing import TYPE_CHECKING, Final, NamedTuple

from .bounds import EARLIEST, LATEST, clamp
from .model import Contribution, Ladder, Lock

if TYPE_CHECKING:
    from .node import Node

_LOGGER = logging.getLogger(__name__)

SNAPSHOT_VERSION: Final = 1


class Record(NamedTuple):
    """One location's state as read from a snapshot, not yet applied.

    A named tuple rather than a frozen dataclass: a restore builds one per location,
    and a frozen dataclass's ``__init__`` costs four times as much.
    """

    occupied: bool
    ladder: Ladder | None
    occupied_since: datetime | None
    vacant_since: datetime | None
    last_activity: datetime | None
    contributions: tuple[Contribution, ...]
    trailing: frozenset[str]
    locks: tuple[Lock, ...]
    child_occupants: tuple[tuple[str, frozenset[str]], ...]


class _MalformedError(ValueError):
    """A snapshot value does not have the expected shape."""


# -- encoding -----------------------------------------------------------------------


def encode(nodes: Iterable[Node], now: datetime) -> dict[str, object]:
    """Serialise every node's persistent state into a JSON-compatible dict.

    ``now`` is the engine's latest moment: restoring at an earlier one means the
    clock went back while the host was down (see timeline.py).
    """
    return {
        "version": SNAPSHOT_VERSION,
        "now": now.isoformat(),
        "locations": {node.id: _encode_node(node) for node in nodes},
    }


def _encode_node(node: Node) -> dict[str, object]:
    return {
        "occupied": node.occupied,
        "ladder": node.ladder.value,
        "occupied_since": _iso(node.occupied_since),
        "vacant_since": _iso(node.vacant_since),
        "last_activity": _iso(node.last_activity),
        "contributions": [
            {
                "source": contribution.source_id,
                "expires_at": _iso(contribution.expires_at),
                "remaining": None
                if contribution.remaining is None
                else contribution.remaining.total_seconds(),
                "occupant": contribution.occupant,
                "trailing": contribution.source_id in node.trailing,
            }
            for contribution in node.contributions
        ],
        "locks": [
            {"source": lock.source_id, "until": _iso(lock.until)}
            for lock in node.lock_view
        ],
        "child_occupants": {
            child_id: sorted(names)
            for child_id, names in sorted(node.child_occupants.items())
        },
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# -- decoding -----------------------------------------------------------------------


def decode(snapshot: object, known: Mapping[str, object]) -> dict[str, Record]:
    """Read the records of the locations in ``known``; log and skip everything else."""
    if not isinstance(snapshot, Mapping):
        _LOGGER.warning(
            "Ignoring occupancy snapshot: expected a mapping, got %s",
            type(snapshot).__name__,
        )
        return {}
    version = snapshot.get("version")
    if version != SNAPSHOT_VERSION:
        _LOGGER.warning(
            "Ignoring occupancy snapshot: unsupported version %r (expected %s)",
            version,
            SNAPSHOT_VERSION,
        )
        return {}
    locations = snapshot.get("locations")
    if not isinstance(locations, Mapping):
        _LOGGER.warning("Ignoring occupancy snapshot: 'locations' is not a mapping")
        return {}
    records: dict[str, Record] = {}
    for location_id, entry in locations.items():
        if location_id not in known:
            _LOGGER.warning("Snapshot: skipping unknown location %r", location_id)
            continue
        try:
            records[location_id] = _decode_record(location_id, entry)
        except _MalformedError as err:
            _LOGGER.warning("Snapshot: skipping location %r: %s", location_id, err)
    return records


def saved_at(snapshot: object) -> datetime | None:
    """The engine's moment when the snapshot was taken, if it says (older ones don't)."""
    if not isinstance(snapshot, Mapping):
        return None
    try:
        return _time(snapshot.get("now"), "now")
    except _MalformedError as err:
        _LOGGER.warning("Snapshot: ignoring its 'now': %s", err)
        return None


def _decode_record(location_id: str, entry: object) -> Record:
    if not isinstance(entry, Mapping):
        raise _MalformedError("entry is not a mapping")
    occupied = entry.get("occupied", False)
    if not isinstance(occupied, bool):
        raise _MalformedError("'occupied' is not a boolean")
    ladder_value = entry.get("ladder")
    try:
        ladder = None if ladder_value is None else Ladder(str(ladder_value))
    except ValueError as err:
        raise _MalformedError(f"unknown ladder state {ladder_value!r}") from err

    contributions: list[Contribution] = []
    trailing: set[str] = set()
    for item in _list(entry.get("contributions"), "contributions"):
        try:
            contribution, is_trailing = _decode_contribution(item)
        except _MalformedError as err:
            _LOGGER.warning(
                "Snapshot: location %r: skipping contribution: %s", location_id, err
            )
            continue
        contributions.append(contribution)
        if is_trailing:
            trailing.add(contribution.source_id)

    locks: list[Lock] = []
    for item in _list(entry.get("locks"), "locks"):
        try:
            locks.append(_decode_lock(item))
        except _MalformedError as err:
            _LOGGER.warning(
                "Snapshot: location %r: skipping lock: %s", location_id, err
            )

    return Record(
        occupied=occupied,
        ladder=ladder,
        occupied_since=_stamp(location_id, entry, "occupied_since"),
        vacant_since=_stamp(location_id, entry, "vacant_since"),
        last_activity=_stamp(location_id, entry, "last_activity"),
        contributions=tuple(contributions),
        trailing=frozenset(trailing),
        locks=tuple(locks),
        child_occupants=_decode_child_occupants(entry.get("child_occupants")),
    )


def _stamp(location_id: str, entry: Mapping[str, object], name: str) -> datetime | None:
    """A ladder timestamp; a bad one is dropped alone (the restore fills it in)."""
    try:
        return _time(entry.get(name), name)
    except _MalformedError as err:
        _LOGGER.warning("Snapshot: location %r: ignoring %s", location_id, err)
        return None


def _decode_contribution(item: object) -> tuple[Contribution, bool]:
    if not isinstance(item, Mapping):
        raise _MalformedError("not a mapping")
    source = _source(item.get("source"))
    occupant = item.get("occupant")
    if occupant is not None and not isinstance(occupant, str):
        raise _MalformedError(f"{source!r}: occupant is not a string")
    trailing = item.get("trailing", False)
    if not isinstance(trailing, bool):
        raise _MalformedError(f"{source!r}: 'trailing' is not a boolean")
    expires_at = _time(item.get("expires_at"), "expires_at")
    remaining = _duration(item.get("remaining"))
    if expires_at is not None and remaining is not None:
        raise _MalformedError(f"{source!r}: both an expiry and a remaining time")
    contribution = Contribution(
        source_id=source, expires_at=expires_at, occupant=occupant, remaining=remaining
    )
    return contribution, trailing


def _decode_lock(item: object) -> Lock:
    if not isinstance(item, Mapping):
        raise _MalformedError("not a mapping")
    return Lock(
        source_id=_source(item.get("source")), until=_time(item.get("until"), "until")
    )


def _decode_child_occupants(value: object) -> tuple[tuple[str, frozenset[str]], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise _MalformedError("'child_occupants' is not a mapping")
    found: list[tuple[str, frozenset[str]]] = []
    for child_id, names in value.items():
        if not isinstance(child_id, str) or not isinstance(names, list):
            raise _MalformedError("'child_occupants' entries must map ids to lists")
        if not all(isinstance(name, str) for name in names):
            raise _MalformedError("'child_occupants' names must be strings")
        found.append((child_id, frozenset(names)))
    return tuple(found)


def _list(value: object, name: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _MalformedError(f"{name!r} is not a list")
    return value


def _source(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise _MalformedError(f"bad source id {value!r}")
    return value


def _time(value: object, name: str) -> datetime | None:
    """Parse an ISO timestamp; naive ones are taken as UTC, far ones brought in range."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as err:
            raise _MalformedError(
                f"{name!r} is not an ISO timestamp: {value!r}"
            ) from err
    else:
        raise _MalformedError(f"{name!r} is not a timestamp: {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return clamp(parsed.replace(tzinfo=UTC))
    try:
        return clamp(parsed.astimezone(UTC))
    except OverflowError:
        # Only a moment within a day of the ends of time can overflow here.
        return LATEST if parsed.year > 1 else EARLIEST


def _duration(value: object) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _MalformedError(f"remaining time is not a number: {value!r}")
    try:
        # isfinite converts an int to a float: OverflowError past ~1e308.
        if math.isfinite(value) and value >= 0:
            return timedelta(seconds=value)
    except OverflowError as err:
        raise _MalformedError(f"remaining time out of range: {value!r}") from err
    raise _MalformedError(f"remaining time out of range: {value!r}")
