"""The compact snapshot format (version 2), about a fifth of the size of version 1.

Version 1 (``persistence.py``) spells out every field of every location. Version 2
writes only what a restore reads, in short keys, with every moment as seconds relative
to the snapshot's ``now`` (the engine's latest moment)::

    {"version": 2, "now": "2025-01-01T10:00:00+00:00", "locations": {
        "kitchen": {"s": -600, "a": -0.25,
                    "c": [["motion", 300], ["presence", null, "mike", null, true]]},
        "hall": {"v": -3600},
        "bedroom": {"s": -7200, ..., "k": [["sleep", null]], "l": "occupied",
                    "n": {"bed": ["marla"]}}}}

Per location: ``s`` occupied since, ``v`` vacant since, ``a`` last activity, ``c``
contributions as ``[source, expires_at, occupant, remaining seconds, trailing]`` with
defaults at the end left off, ``k`` locks as ``[source, until]``. A location is
occupied exactly when it has ``s``, unless ``o`` says otherwise (only a hand-edited
or old snapshot can make them disagree). A contribution from a child location, the
ladder state (``l``) and the children's occupants (``n``) are derived again on restore
unless the location is locked, so they are written only for locked locations. A
moment is an integer when it falls on a whole second, a float (exact to the
microsecond within a century of ``now``) otherwise, and ISO text beyond that.
Decoding is as tolerant as version 1's: whatever is malformed is skipped with a
warning. This module reads the format; ``compact_encode.py`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
import logging
from typing import Final

from .bounds import EARLIEST, LATEST, clamp
from .model import CHILD_SOURCE_PREFIX, Contribution, Ladder, Lock, new_contribution
from .persistence import (
    Record,
    _decode_child_occupants,
    _duration,
    _list,
    _MalformedError,
    _source,
    _time,
    decode as decode_version_1,
)

_LOGGER = logging.getLogger(__name__)

COMPACT_VERSION: Final = 2
_DEFAULTS: Final[tuple[object, ...]] = (None, None, None, None, False)
"""A contribution's items when left off: source, expires_at, occupant, remaining, trailing."""
_NO_TRAILING: Final[frozenset[str]] = frozenset()
_new_record: Final = tuple.__new__
EXACT_SECONDS: Final = 4e9
"""Within this many seconds of ``now`` a float still tells microseconds apart."""
_MICROSECOND: Final = timedelta(microseconds=1)


# -- decoding -----------------------------------------------------------------------


def decode(snapshot: object, known: Mapping[str, object]) -> dict[str, Record]:
    """Read a snapshot of either version; log and skip whatever is malformed."""
    if not isinstance(snapshot, Mapping) or snapshot.get("version") != COMPACT_VERSION:
        return decode_version_1(snapshot, known)
    locations = snapshot.get("locations")
    if not isinstance(locations, Mapping):
        _LOGGER.warning("Ignoring occupancy snapshot: 'locations' is not a mapping")
        return {}
    try:
        now = _time(snapshot.get("now"), "now")
    except _MalformedError:
        now = None
    if now is None:
        _LOGGER.warning("Ignoring occupancy snapshot: no valid 'now' to read it from")
        return {}
    records: dict[str, Record] = {}
    # Moments already read: a trigger stamps a room and its ancestors alike, and a
    # lookup costs a twentieth of a conversion.
    seen: dict[int | float, datetime] = {}
    for location_id, entry in locations.items():
        if location_id not in known:
            _LOGGER.warning("Snapshot: skipping unknown location %r", location_id)
            continue
        try:
            records[location_id] = _decode_record(location_id, entry, now, seen)
        except _MalformedError as err:
            _LOGGER.warning("Snapshot: skipping location %r: %s", location_id, err)
    return records


def _decode_record(
    location_id: str, entry: object, now: datetime, seen: dict[int | float, datetime]
) -> Record:
    # A restore reads one entry per location: the common shapes (JSON's dict, list,
    # int, float) are tested by exact type first, abc checks only for the rest.
    if type(entry) is not dict and not isinstance(entry, Mapping):
        raise _MalformedError("entry is not a mapping")
    get = entry.get
    since, vacant, activity, items = get("s"), get("v"), get("a"), get("c")
    common = (
        (since is not None)
        + (vacant is not None)
        + (activity is not None)
        + (items is not None)
    )
    # restoring._load_compact repeats this test inline (sharing it as a function cost
    # 2 % of a restore, ~1,000 instructions per location); test_restore_reading.py
    # checks that the two read every entry alike.
    if len(entry) != common:
        # A lock (k, l, n), a stated flag (o) or an explicit null somewhere.
        return _decode_full(location_id, entry, now, seen)
    contributions: tuple[Contribution, ...] = ()
    trailing: frozenset[str] = _NO_TRAILING
    if items is not None:
        contributions, trailing, _ = _decode_contributions(location_id, items, now)
    # tuple.__new__ skips the named tuple's Python-level __new__ (one per location).
    return _new_record(
        Record,
        (
            since is not None,
            None,
            None if since is None else _stamp(location_id, since, "s", now, seen),
            None if vacant is None else _stamp(location_id, vacant, "v", now, seen),
            None if activity is None else _stamp(location_id, activity, "a", now, seen),
            contributions,
            trailing,
            (),
            (),
        ),
    )


def _decode_full(
    location_id: str,
    entry: Mapping[str, object],
    now: datetime,
    seen: dict[int | float, datetime],
) -> Record:
    get = entry.get
    occupied = get("o", "s" in entry)
    if occupied is not True and occupied is not False:
        raise _MalformedError("'o' (occupied) is not a boolean")
    ladder_value = get("l")
    try:
        ladder = None if ladder_value is None else Ladder(str(ladder_value))
    except ValueError as err:
        raise _MalformedError(f"unknown ladder state {ladder_value!r}") from err

    contributions: tuple[Contribution, ...] = ()
    trailing: frozenset[str] = _NO_TRAILING
    items = get("c")
    if items is not None:
        contributions, trailing, _ = _decode_contributions(location_id, items, now)
    locks: tuple[Lock, ...] = ()
    items = get("k")
    if items is not None:
        locks = _decode_locks(location_id, items, now)
    occupants = get("n")
    return Record(
        occupied=occupied,
        ladder=ladder,
        occupied_since=_stamp(location_id, get("s"), "s", now, seen),
        vacant_since=_stamp(location_id, get("v"), "v", now, seen),
        last_activity=_stamp(location_id, get("a"), "a", now, seen),
        contributions=contributions,
        trailing=trailing,
        locks=locks,
        child_occupants=() if occupants is None else _decode_child_occupants(occupants),
    )


def _decode_contributions(
    location_id: str, items: object, now: datetime
) -> tuple[tuple[Contribution, ...], frozenset[str], tuple[str, ...] | None]:
    """The contributions, the trailing sources, and the sources if all are usual.

    The third is the tuple of source ids when every item is the usual one, in the
    order the encoder writes (increasing source id) and none a child's key: the
    contributions are then, as they are, the view an unlocked node holds of them.
    """
    contributions: list[Contribution] = []
    trailing: list[str] = []
    sources: list[str] = []
    usual = True
    last = ""  # sorts before any source id
    for item in items if type(items) is list else _list(items, "c"):
        if type(item) is list and len(item) == 2 and item[1] is None:
            # The usual one: an indefinite contribution with nobody named.
            source = item[0]
            if type(source) is str and source:
                contributions.append(new_contribution(source, None, None))
                if source <= last or source.startswith(CHILD_SOURCE_PREFIX):
                    usual = False
                sources.append(source)
                last = source
                continue
        usual = False
        try:
            contribution, is_trailing = _decode_contribution(item, now)
        except _MalformedError as err:
            _LOGGER.warning(
                "Snapshot: location %r: skipping contribution: %s", location_id, err
            )
            continue
        contributions.append(contribution)
        if is_trailing:
            trailing.append(contribution.source_id)
    return (
        tuple(contributions),
        frozenset(trailing) if trailing else _NO_TRAILING,
        tuple(sources) if usual else None,
    )


def _decode_contribution(item: object, now: datetime) -> tuple[Contribution, bool]:
    if not isinstance(item, list) or not 2 <= len(item) <= 5:
        raise _MalformedError(f"not a list of 2 to 5 items: {item!r}")
    values: list[object] = [*item, *_DEFAULTS[len(item) :]]
    source, expires, occupant, remaining, trailing = values
    source = _source(source)
    if occupant is not None and not isinstance(occupant, str):
        raise _MalformedError(f"{source!r}: occupant is not a string")
    if not isinstance(trailing, bool):
        raise _MalformedError(f"{source!r}: 'trailing' is not a boolean")
    expires_at = _moment(expires, "expires_at", now)
    left = _duration(remaining)
    if expires_at is not None and left is not None:
        raise _MalformedError(f"{source!r}: both an expiry and a remaining time")
    return new_contribution(source, expires_at, occupant, left), trailing


def _decode_locks(location_id: str, items: object, now: datetime) -> tuple[Lock, ...]:
    locks: list[Lock] = []
    for item in _list(items, "k"):
        try:
            locks.append(_decode_lock(item, now))
        except _MalformedError as err:
            _LOGGER.warning(
                "Snapshot: location %r: skipping lock: %s", location_id, err
            )
    return tuple(locks)


def _decode_lock(item: object, now: datetime) -> Lock:
    if not isinstance(item, list) or len(item) != 2:
        raise _MalformedError(f"not a [source, until] pair: {item!r}")
    return Lock(source_id=_source(item[0]), until=_moment(item[1], "until", now))


def _stamp(
    location_id: str,
    value: object,
    key: str,
    now: datetime,
    seen: dict[int | float, datetime],
) -> datetime | None:
    """A ladder timestamp; a bad one is dropped alone (the restore fills it in)."""
    if type(value) is float or type(value) is int:
        # _moment's first case, inline: three of these per location (floats first:
        # Home Assistant's moments carry microseconds).
        moment = seen.get(value)
        if moment is not None:
            return moment
        try:
            # timedelta(0, value) splits a float and normalises it through a dozen
            # int objects. A float the encoder wrote is a whole number of
            # microseconds, and a multiple of one microsecond is that duration for
            # ~500 instructions less, the check included (1.6 % of a restore, which
            # reads one per distinct moment). It is exactly timedelta(0, value)
            # whenever the division gives ``value`` back (within EXACT_SECONDS); the
            # rounding (half away from zero) need not be right otherwise: the check
            # then fails.
            micro = int(value * 1e6 + (-0.5 if value < 0 else 0.5))
            if micro / 1e6 == value and -EXACT_SECONDS < value < EXACT_SECONDS:
                moment = now + _MICROSECOND * micro
            else:
                moment = now + timedelta(0, value)
        except (OverflowError, ValueError):
            pass  # out of range or NaN: _moment says which
        else:
            if not EARLIEST <= moment <= LATEST:
                moment = clamp(moment)
            seen[value] = moment
            return moment
    try:
        return _moment(value, key, now)
    except _MalformedError as err:
        _LOGGER.warning("Snapshot: location %r: ignoring %s", location_id, err)
        return None


def _moment(value: object, name: str, now: datetime) -> datetime | None:
    """Seconds after ``now`` (or ISO text) back to a UTC moment in the engine's range."""
    kind = type(value)
    if kind is int or kind is float:
        try:
            # By position: timedelta's keyword parsing costs as much as the sum.
            moment = now + timedelta(0, value)  # type: ignore[arg-type]
        except OverflowError:
            return LATEST if value > 0 else EARLIEST  # type: ignore[operator]
        except ValueError as err:  # NaN
            raise _MalformedError(f"{name!r} is not a moment: {value!r}") from err
        return moment if EARLIEST <= moment <= LATEST else clamp(moment)
    if value is None or isinstance(value, str):
        return _time(value, name)
    raise _MalformedError(f"{name!r} is not a moment: {value!r}")
