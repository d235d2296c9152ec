"""The compact snapshot format (versions 2 and 3), about a fifth of the size of version 1.

Version 1 (``persistence.py``) spells out every field of every location. The compact
versions write only what a restore reads, in short keys, with every moment relative
to the snapshot's ``now`` (the engine's latest moment). Version 3, written since::

    {"version": 3, "now": "2025-01-01T10:00:00+00:00", "locations": {
        "kitchen": {"s": -600000000, "a": -250000,
                    "c": ["motion", ["presence", null, "mike", null, true]]},
        "hall": {"v": -3600000000},
        "bedroom": {"s": -7200000000, ..., "k": [["sleep", null]], "l": "occupied",
                    "n": {"bed": ["marla"]}}}}

Per location: ``s`` occupied since, ``v`` vacant since, ``a`` last activity, ``c``
contributions as ``[source, expires_at, occupant, remaining seconds, trailing]`` with
defaults at the end left off, or as the source id alone for a held sensor (indefinite,
nobody named, not trailing), ``k`` locks as ``[source, until]``. A location is
occupied exactly when it has ``s``, unless ``o`` says otherwise (only a hand-edited
or old snapshot can make them disagree). A contribution from a child location, the
ladder state (``l``) and the children's occupants (``n``) are derived again on restore
unless the location is locked, so they are written only for locked locations. A
moment is a whole number of microseconds after ``now``: exact at any distance, and
read back without the float arithmetic of ``timedelta`` (see :class:`Moments`).

Version 2 differs in two ways, and still loads: a moment is in seconds (an integer on
a whole second, a float exact to the microsecond within a century of ``now``, ISO
text beyond), and a held sensor is ``[source, null]``.

Decoding is as tolerant as version 1's: whatever is malformed is skipped with a
warning. This module reads the format; ``compact_encode.py`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
import logging
from typing import Final

from .bounds import EARLIEST, LATEST, clamp
from .model import (
    CHILD_SOURCE_PREFIX,
    Contribution,
    Ladder,
    Lock,
    _ContributionDraft,
    new_contribution,
)
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

COMPACT_VERSION: Final = 3
"""The version ``compact_encode`` writes."""
COMPACT_VERSIONS: Final = (2, COMPACT_VERSION)
"""The versions this module reads (a tuple: a hand-edited version may be unhashable)."""
_DEFAULTS: Final[tuple[object, ...]] = (None, None, None, None, False)
"""A contribution's items when left off: source, expires_at, occupant, remaining, trailing."""
_NO_TRAILING: Final[frozenset[str]] = frozenset()
_new_record: Final = tuple.__new__
EXACT_SECONDS: Final = 4e9
"""Within this many seconds of ``now`` a float still tells microseconds apart."""
_MICROSECOND: Final = timedelta(microseconds=1)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
QUICK_MICROSECONDS: Final = 2**32 * 1_000_000
"""Below this many microseconds after 1970 (early 2106), ``fromtimestamp`` is exact.

The microseconds divided by 1e6 give the float nearest to the timestamp: below 2**32
seconds it is within half a float step, under 0.48 µs, and ``fromtimestamp`` rounds
to the nearest microsecond, so it finds that microsecond again.
"""
_from_timestamp: Final = datetime.fromtimestamp


# -- decoding -----------------------------------------------------------------------


def decode(snapshot: object, known: Mapping[str, object]) -> dict[str, Record]:
    """Read a snapshot of any version; log and skip whatever is malformed."""
    if (
        not isinstance(snapshot, Mapping)
        or (version := snapshot.get("version")) not in COMPACT_VERSIONS
    ):
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
    moments = Moments(now, version)
    for location_id, entry in locations.items():
        if location_id not in known:
            _LOGGER.warning("Snapshot: skipping unknown location %r", location_id)
            continue
        try:
            records[location_id] = _decode_record(location_id, entry, moments)
        except _MalformedError as err:
            _LOGGER.warning("Snapshot: skipping location %r: %s", location_id, err)
    return records


def _decode_record(location_id: str, entry: object, moments: Moments) -> Record:
    # A restore reads one entry per location: the common shapes (JSON's dict, list,
    # int, float) are tested by exact type first, abc checks only for the rest.
    if type(entry) is not dict and not isinstance(entry, Mapping):
        raise _MalformedError("entry is not a mapping")
    since, vacant, activity, items = (
        entry.get("s"),
        entry.get("v"),
        entry.get("a"),
        entry.get("c"),
    )
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
        return _decode_full(location_id, entry, moments)
    contributions: tuple[Contribution, ...] = ()
    trailing: frozenset[str] = _NO_TRAILING
    if items is not None:
        contributions, trailing, _ = _decode_contributions(location_id, items, moments)
    stamp = moments.stamp
    # tuple.__new__ skips the named tuple's Python-level __new__ (one per location).
    return _new_record(
        Record,
        (
            since is not None,
            None,
            None if since is None else stamp(location_id, since, "s"),
            None if vacant is None else stamp(location_id, vacant, "v"),
            None if activity is None else stamp(location_id, activity, "a"),
            contributions,
            trailing,
            (),
            (),
        ),
    )


def _decode_full(
    location_id: str, entry: Mapping[str, object], moments: Moments
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
        contributions, trailing, _ = _decode_contributions(location_id, items, moments)
    locks: tuple[Lock, ...] = ()
    items = get("k")
    if items is not None:
        locks = _decode_locks(location_id, items, moments)
    occupants = get("n")
    return Record(
        occupied=occupied,
        ladder=ladder,
        occupied_since=moments.stamp(location_id, get("s"), "s"),
        vacant_since=moments.stamp(location_id, get("v"), "v"),
        last_activity=moments.stamp(location_id, get("a"), "a"),
        contributions=contributions,
        trailing=trailing,
        locks=locks,
        child_occupants=() if occupants is None else _decode_child_occupants(occupants),
    )


def _decode_contributions(
    location_id: str, items: object, moments: Moments
) -> tuple[tuple[Contribution, ...], frozenset[str], tuple[str, ...] | None]:
    """The contributions, the trailing sources, and the sources if all are usual.

    The third is the tuple of source ids when every item is the usual one (a held
    sensor), in the order the encoder writes (increasing source id) and none a child's
    key: the contributions are then, as they are, the view an unlocked node holds of
    them.
    """
    ids_alone = moments.version_3
    if ids_alone and type(items) is list and len(items) == 1:
        # A room's one held sensor, the most common list: ~1,500 instructions less
        # than the loop's lists and tuples (2 % of a restore).
        (source,) = items
        if (
            type(source) is str
            and source
            and not source.startswith(CHILD_SOURCE_PREFIX)
        ):
            return (new_contribution(source, None, None),), _NO_TRAILING, (source,)
    contributions: list[Contribution] = []
    trailing: list[str] = []
    sources: list[str] = []
    usual = True
    last = ""  # sorts before any source id
    for item in items if type(items) is list else _list(items, "c"):
        # The usual one: an indefinite contribution with nobody named, written as its
        # source id alone (version 3) or as [source, null] (both versions).
        if ids_alone and type(item) is str:
            source = item
        elif type(item) is list and len(item) == 2 and item[1] is None:
            source = item[0]
        else:
            source = None
        if type(source) is str and source:
            # ``new_contribution``, inlined (see model.py's drafts): once per held
            # sensor on every start.
            draft = _ContributionDraft()
            draft.source_id = source
            draft.expires_at = draft.occupant = draft.remaining = None
            draft.__class__ = Contribution
            contributions.append(draft)
            if source <= last or source.startswith(CHILD_SOURCE_PREFIX):
                usual = False
            sources.append(source)
            last = source
            continue
        usual = False
        try:
            contribution, is_trailing = _decode_contribution(item, moments)
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


def _decode_contribution(item: object, moments: Moments) -> tuple[Contribution, bool]:
    if not isinstance(item, list) or not 2 <= len(item) <= 5:
        raise _MalformedError(f"not a list of 2 to 5 items: {item!r}")
    values: list[object] = [*item, *_DEFAULTS[len(item) :]]
    source, expires, occupant, remaining, trailing = values
    source = _source(source)
    if occupant is not None and not isinstance(occupant, str):
        raise _MalformedError(f"{source!r}: occupant is not a string")
    if not isinstance(trailing, bool):
        raise _MalformedError(f"{source!r}: 'trailing' is not a boolean")
    expires_at = moments.moment(expires, "expires_at")
    left = _duration(remaining)
    if expires_at is not None and left is not None:
        raise _MalformedError(f"{source!r}: both an expiry and a remaining time")
    return new_contribution(source, expires_at, occupant, left), trailing


def _decode_locks(
    location_id: str, items: object, moments: Moments
) -> tuple[Lock, ...]:
    locks: list[Lock] = []
    for item in _list(items, "k"):
        try:
            locks.append(_decode_lock(item, moments))
        except _MalformedError as err:
            _LOGGER.warning(
                "Snapshot: location %r: skipping lock: %s", location_id, err
            )
    return tuple(locks)


def _decode_lock(item: object, moments: Moments) -> Lock:
    if not isinstance(item, list) or len(item) != 2:
        raise _MalformedError(f"not a [source, until] pair: {item!r}")
    return Lock(source_id=_source(item[0]), until=moments.moment(item[1], "until"))


class Moments:
    """A compact snapshot's moments, read back relative to its ``now``.

    One per snapshot: it remembers each moment it read, since a trigger stamps a room
    and its ancestors alike (a quarter of a restore's moments are repeats), and a
    repeat costs a fifth of a conversion.
    """

    __slots__ = ("_now_us", "_seen", "now", "version_3")

    def __init__(self, now: datetime, version: object) -> None:
        """Read the moments of a snapshot of ``version`` saved at ``now``."""
        self.now = now
        self.version_3 = version == 3
        """Moments in microseconds and held sensors as their ids alone."""
        self._now_us = (now - _EPOCH) // _MICROSECOND
        self._seen: dict[int | float, datetime] = {}

    def stamp(self, location_id: str, value: object, key: str) -> datetime | None:
        """A ladder timestamp; a bad one is dropped alone (the restore fills it in)."""
        if type(value) is int or type(value) is float:
            # The first case of ``moment``, remembered: three of these per location.
            seen = self._seen
            moment = seen.get(value)
            if moment is not None:
                return moment
            try:
                if not self.version_3:
                    moment = _seconds_after(self.now, value)
                elif (
                    type(value) is int
                    and 0 <= (total := self._now_us + value) < QUICK_MICROSECONDS
                ):
                    # Version 3's way (~2,600 instructions): the timestamp's float to
                    # ``fromtimestamp``. ``now + timedelta(0, 0, value)`` builds the
                    # duration through a dozen int objects (~6,000).
                    moment = _from_timestamp(total / 1e6, UTC)
                else:
                    moment = self.now + timedelta(0, 0, value)
                    if not EARLIEST <= moment <= LATEST:
                        moment = clamp(moment)
            except (OverflowError, ValueError, OSError):
                # Out of range or NaN: ``moment`` says which. (OSError: a platform's
                # gmtime that refuses a timestamp; ``moment`` reads it all the same.)
                pass
            else:
                seen[value] = moment
                return moment
        try:
            return self.moment(value, key)
        except _MalformedError as err:
            _LOGGER.warning("Snapshot: location %r: ignoring %s", location_id, err)
            return None

    def moment(self, value: object, name: str) -> datetime | None:
        """A moment after ``now`` (or ISO text) as a UTC moment in the engine's range."""
        kind = type(value)
        if kind is int or kind is float:
            try:
                # By position: timedelta's keyword parsing costs as much as the sum.
                moment = self.now + (
                    timedelta(0, 0, value)  # type: ignore[arg-type]
                    if self.version_3
                    else timedelta(0, value)  # type: ignore[arg-type]
                )
            except OverflowError:
                return LATEST if value > 0 else EARLIEST  # type: ignore[operator]
            except ValueError as err:  # NaN
                raise _MalformedError(f"{name!r} is not a moment: {value!r}") from err
            return moment if EARLIEST <= moment <= LATEST else clamp(moment)
        if value is None or isinstance(value, str):
            return _time(value, name)
        raise _MalformedError(f"{name!r} is not a moment: {value!r}")


def _seconds_after(now: datetime, value: float) -> datetime:
    """Version 2's moment: ``now + timedelta(0, value)``, brought in range.

    Raises OverflowError or ValueError (NaN) as ``timedelta`` does.
    """
    # timedelta(0, value) splits a float and normalises it through a dozen int
    # objects. A float the encoder wrote is a whole number of microseconds, and a
    # multiple of one microsecond is that duration for ~500 instructions less, the
    # check included. It is exactly timedelta(0, value) whenever the division gives
    # ``value`` back (within EXACT_SECONDS); the rounding (half away from zero) need
    # not be right otherwise: the check then fails.
    micro = int(value * 1e6 + (-0.5 if value < 0 else 0.5))
    if micro / 1e6 == value and -EXACT_SECONDS < value < EXACT_SECONDS:
        moment = now + _MICROSECOND * micro
    else:
        moment = now + timedelta(0, value)
    return moment if EARLIEST <= moment <= LATEST else clamp(moment)
