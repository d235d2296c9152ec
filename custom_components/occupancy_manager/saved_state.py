"""The home's saved state: what is written to the store, and how a restart reads it.

One file per home holds the engine's snapshot and, next to its keys, the tuning's
false-vacancy record (``tuning.SNAPSHOT_KEY``) and the sources each location was
bound to (``BINDINGS_KEY``) and the registry entry ids of the entities it names
(``renames.SNAPSHOT_KEY``). A restore is not news: it fires no
change events. But whoever was carried by a contribution that expired while Home
Assistant was down has left, and that departure is told (no ghosts): the restore
returns who left where, for the shell to announce once it has started.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Final, NamedTuple

from homeassistant.util import dt as dt_util

from .carrying import SNAPSHOT_KEY as RENAMED_KEY
from .engine import CLOCK_TOLERANCE, EARLIEST, LATEST, Lock, OccupancyEngine
from .insight import saved_occupants
from .locations import LocationSpec
from .renames import SNAPSHOT_KEY as REGISTRY_KEY
from .sensing import Sensing, Step, holds_first
from .sources import Clear, Source
from .tuning import SNAPSHOT_KEY, Tuning
from .unlocking import SNAPSHOT_KEY as ENDED_KEY, EndedWhileLocked, lateness

BINDINGS_KEY: Final = "bound_sources"
"""Location id → {source entity id: kind} when the snapshot was taken."""
HEARD_KEY: Final = "heard_sources"
"""Source entity id → [state, last changed (POSIX seconds)] as last heard."""
GONE_KEY: Final = "gone_sources"
"""Source entity id → since when it has had no state at all (POSIX seconds)."""


class Restored(NamedTuple):
    """What a restart has to tell or undo once the home has started."""

    departed: dict[str, frozenset[str]]
    """Who left while Home Assistant was down, where."""
    unbound: list[tuple[str, str]]
    """(location id, entity id): bindings an edit ended or refiled while down."""
    unlocked: dict[str, timedelta]
    """Locations whose timed lock ended while down, and how long ago it was due."""
    kept: frozenset[tuple[str, str]] = frozenset()
    """(location id, entity id): bindings saved that the configuration still has."""
    heard: Mapping[str, tuple[str, float]] = {}
    """Each source's state and its last change as the home last heard them."""
    gone: Mapping[str, datetime] = {}
    """Since when each source without a state when saved had none."""


NOTHING_RESTORED: Final = Restored({}, [], {})
"""No saved state: nothing to tell or undo (read only)."""


def home_snapshot(
    engine: OccupancyEngine,
    tuning: Tuning,
    ended: EndedWhileLocked,
    specs: Mapping[str, LocationSpec],
    *,
    registry_ids: dict[str, str],
    renamed_while_locked: dict[str, dict[str, str]],
    heard: Mapping[str, Source],
    gone: Mapping[str, datetime],
) -> dict[str, object]:
    """What is saved: the engine's snapshot and, next to its keys, the tuning's.

    The engine's compact format (version 3, a fifth of version 1's size); it still
    reads the version 1 and 2 files earlier releases wrote. What edits ended under
    a lock, only while there is any (``unlocking.py``); each location's bound
    sources, for a start to end what an edit made while down unbound; the sources'
    states as last heard (``heard``), for a start to leave alone those that have not
    changed since (``started_without_unchanged``), and since when those without a
    state have had none (``gone``: a start has no ``last_changed`` to count their
    grace from); the registry entry id of each entity
    the configuration names, for a setup to follow what was renamed while the home was
    not loaded (``renames.py``); the renames a lock made wait, only while there is
    any (``carrying.py``).
    """
    snapshot = {
        **engine.snapshot(compact=True),
        SNAPSHOT_KEY: tuning.to_json(dt_util.utcnow()),
        BINDINGS_KEY: {
            spec.id: {
                entity_id: str(kind) for entity_id, kind in spec.source_entities()
            }
            for spec in specs.values()
        },
        HEARD_KEY: {
            entity_id: [source.state, source.last_changed.timestamp()]
            for entity_id, source in heard.items()
            if source.state is not None and source.last_changed is not None
        },
        GONE_KEY: {entity_id: since.timestamp() for entity_id, since in gone.items()},
    }
    if registry_ids:
        snapshot[REGISTRY_KEY] = registry_ids  # replaced when it changes, never edited
    if saved := ended.to_json():
        snapshot[ENDED_KEY] = saved
    if renamed_while_locked:
        snapshot[RENAMED_KEY] = renamed_while_locked
    return snapshot


def restore(
    snapshot: Mapping[str, object] | None,
    engine: OccupancyEngine,
    tuning: Tuning,
    specs: Mapping[str, LocationSpec],
    ended: EndedWhileLocked,
) -> Restored:
    """Load the saved state into the engine and tuning; what the start must tell.

    ``snapshot``: what the store loaded (``SnapshotStore.async_load``), read before
    the locations (a rename made while down is followed first: ``renames.py``).
    """
    if snapshot is None:
        return NOTHING_RESTORED
    before = occupants_when_saved(specs, snapshot)
    locks_before = locks_when_saved(specs, snapshot)
    now = dt_util.utcnow()
    # No entity exists yet to tell of a change: the transitions would be discarded.
    engine.restore(snapshot, now, report=False)  # locks due end here
    tuning.load(snapshot.get(SNAPSHOT_KEY), _behind(snapshot, now))
    ended.load(snapshot.get(ENDED_KEY), specs)
    departed = {
        location_id: names - engine.state(location_id).occupants
        for location_id, names in before.items()
        if location_id in specs
    }
    unlocked = {
        location_id: lateness(locks, now)
        for location_id, locks in locks_before.items()
        if not engine.state(location_id).locked
    }
    saved = snapshot.get(BINDINGS_KEY)
    return Restored(
        departed,
        unbound_while_down(specs, saved),
        unlocked,
        held_as_saved(kept_while_down(specs, saved, snapshot), engine, snapshot),
        heard_when_saved(snapshot.get(HEARD_KEY)),
        gone_when_saved(snapshot.get(GONE_KEY)),
    )


def _behind(snapshot: Mapping[str, object], now: datetime) -> timedelta:
    """How far the clock is behind the saved moment, if by more than jitter.

    The engine's restore moves its saved timeline back by as much (``restoring.py``).
    """
    if (saved_at := _saved_at(snapshot)) is None:
        return timedelta(0)
    behind = saved_at - now
    return behind if behind > CLOCK_TOLERANCE else timedelta(0)


def _saved_at(snapshot: Mapping[str, object]) -> datetime | None:
    """The moment the snapshot was saved, if the engine can stand at it."""
    saved_at = dt_util.parse_datetime(str(snapshot.get("now", "")))
    if saved_at is None or saved_at.tzinfo is None or not EARLIEST <= saved_at < LATEST:
        return None
    return saved_at


def kept_while_down(
    specs: Mapping[str, LocationSpec], saved: object, snapshot: Mapping[str, object]
) -> frozenset[tuple[str, str]]:
    """Bindings saved that the configuration still has, as the same kind.

    Only of locations whose saved state could be read: where it could not, the
    start's re-sync is all the home knows of them.
    """
    locations = snapshot.get("locations")
    if (
        not isinstance(saved, Mapping)
        or not isinstance(locations, Mapping)
        or _saved_at(snapshot) is None
    ):
        return frozenset()
    return frozenset(
        (location_id, entity_id)
        for location_id, spec in specs.items()
        if isinstance(locations.get(location_id), Mapping)
        and isinstance(bound := saved.get(location_id), Mapping)
        for entity_id, kind in spec.source_entities()
        if bound.get(entity_id) == str(kind)
    )


def held_as_saved(
    kept: frozenset[tuple[str, str]],
    engine: OccupancyEngine,
    snapshot: Mapping[str, object],
) -> frozenset[tuple[str, str]]:
    """Of ``kept``, the bindings whose saved contributions the engine restored.

    A damaged file's location or contribution that could not be read is skipped
    (with a warning): left alone as unchanged, a presence sensor still on held
    nothing, its room empty. Such a source is read again; so is one whose
    contribution ran out while the home was down.
    """
    locations = snapshot.get("locations")
    if not isinstance(locations, Mapping):
        return frozenset()
    restored: set[tuple[str, str]] = set()
    for location_id, entity_id in kept:
        saved = _saved_sources(locations.get(location_id))
        if saved is None:
            continue
        if entity_id in saved and all(
            held.source_id != entity_id
            for held in engine.state(location_id).contributions
        ):
            continue
        restored.add((location_id, entity_id))
    return frozenset(restored)


def _saved_sources(entry: object) -> set[str] | None:
    """The sources a saved location's contributions name; None if one names none.

    The compact format's items: a source id alone, or a list that begins with it.
    """
    items = entry.get("c", []) if isinstance(entry, Mapping) else None
    if not isinstance(items, list):
        return None
    sources: set[str] = set()
    for item in items:
        source = item[0] if isinstance(item, list) and item else item
        if not isinstance(source, str):
            return None
        sources.add(source)
    return sources


def heard_when_saved(saved: object) -> dict[str, tuple[str, float]]:
    """The sources' states as saved; nothing from a file without them."""
    if not isinstance(saved, Mapping):
        return {}
    return {
        entity_id: (value[0], value[1])
        for entity_id, value in saved.items()
        if isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], float)
    }


def gone_when_saved(saved: object) -> dict[str, datetime]:
    """Since when the sources without a state had none; nothing from an older file."""
    if not isinstance(saved, Mapping):
        return {}
    gone: dict[str, datetime] = {}
    for entity_id, value in saved.items():
        if not isinstance(value, float | int) or isinstance(value, bool):
            continue
        try:
            gone[entity_id] = dt_util.utc_from_timestamp(value)
        except (OverflowError, OSError, ValueError):
            continue  # a damaged file: the source's grace counts from the start
    return gone


def started_without_unchanged(
    start: list[Step],
    states: Mapping[str, Source],
    kept: frozenset[tuple[str, str]],
    heard: Mapping[str, tuple[str, float]],
    gone: Mapping[str, datetime],
) -> list[Step]:
    """The start's re-sync without the sources unchanged since the snapshot.

    The snapshot already holds what such a source did, and what came after it: read
    again, a presence sensor still on after a vacate held its room anew at a reload,
    and its automations ran with nobody moving (README "Known limitations": it counts
    again when it next turns on). A source is unchanged when its state and the
    moment of its last change are those heard when saved (not compared with the
    clock, which may have been set back); after a restart of Home Assistant every
    state is new, and every source is read again as before. A source without a state
    when saved and still without one is unchanged too, across a restart as well: it
    was gone before and is still gone, and read again its contribution's hold would
    restart (``gone``).
    """
    if not heard and not gone:
        return start
    return [
        step
        for step in start
        if (step.location_id, step.source_id) not in kept
        or (
            not _still_gone(step.source_id, states, gone)
            and _changed(step.source_id, states, heard)
        )
    ]


def _still_gone(
    entity_id: str, states: Mapping[str, Source], gone: Mapping[str, datetime]
) -> bool:
    source = states.get(entity_id)
    return entity_id in gone and (source is None or source.state is None)


def _changed(
    entity_id: str,
    states: Mapping[str, Source],
    heard: Mapping[str, tuple[str, float]],
) -> bool:
    return (
        (seen := heard.get(entity_id)) is None
        or (source := states.get(entity_id)) is None
        or source.last_changed is None
        or (source.state, source.last_changed.timestamp()) != seen
    )


def unbound_while_down(
    specs: Mapping[str, LocationSpec], saved: object
) -> list[tuple[str, str]]:
    """Bindings saved that the configuration no longer has, or has as another kind.

    A location edited while its home was not loaded would otherwise keep the saved
    contribution of a sensor it no longer lists (a presence sensor's is held until
    cleared: the room stuck). Only bindings are named: an action's contribution may
    carry an entity id as its source and stays. A file without the record (an
    earlier release's, a damaged one) names nothing.
    """
    if not isinstance(saved, Mapping):
        return []
    unbound: list[tuple[str, str]] = []
    for location_id, bound in saved.items():
        if (spec := specs.get(location_id)) is None or not isinstance(bound, Mapping):
            continue
        now_bound = {entity_id: str(kind) for entity_id, kind in spec.source_entities()}
        unbound.extend(
            (location_id, entity_id)
            for entity_id, kind in bound.items()
            if isinstance(entity_id, str) and now_bound.get(entity_id) != kind
        )
    return unbound


def occupants_when_saved(
    specs: Mapping[str, LocationSpec], snapshot: Mapping[str, object]
) -> dict[str, frozenset[str]]:
    """Who was where when the snapshot was saved (read back by a scratch engine).

    Restored at the moment of the save, nothing has expired yet; the engine reads
    its own format, whatever it is.
    """
    stored = saved_occupants(snapshot)
    if not stored:
        # Nobody is named anywhere in the file (a home without people tracking): the
        # engine can find nobody either, and a scratch engine costs a whole restore.
        return {}
    if (saved_at := _saved_at(snapshot)) is None:
        # A moment the engine cannot stand at (a damaged or hand-edited file):
        # read the names as stored instead; setup must go on (contract "Faults").
        return stored
    scratch = OccupancyEngine((spec.to_engine() for spec in specs.values()), saved_at)
    scratch.restore(snapshot, saved_at, report=False)
    return {
        location_id: occupants
        for location_id in specs
        if (occupants := scratch.state(location_id).occupants)
    }


def locks_when_saved(
    specs: Mapping[str, LocationSpec], snapshot: Mapping[str, object]
) -> dict[str, tuple[Lock, ...]]:
    """The locks of each location locked when the snapshot was saved.

    The restore ends a timed lock whose end passed while Home Assistant was down,
    without a word: the start must then do what an unlock does. Read back by a
    scratch engine (its own format), only when some location was saved locked.
    """
    if not _any_locked(snapshot.get("locations")):
        return {}
    if (saved_at := _saved_at(snapshot)) is None:
        return {}
    scratch = OccupancyEngine((spec.to_engine() for spec in specs.values()), saved_at)
    scratch.restore(snapshot, saved_at, report=False)
    return {
        location_id: locks
        for location_id in specs
        if (locks := scratch.state(location_id).locks)
    }


def _any_locked(locations: object) -> bool:
    """Whether the file names a lock (a plain loop: every start, 0.1 ms at 1,000).

    The compact formats write ``k`` for a locked location only; version 1 writes
    ``locks`` always, empty when unlocked.
    """
    if type(locations) is not dict:
        return False
    for saved in locations.values():
        if type(saved) is dict and ("k" in saved or saved.get("locks")):
            return True
    return False


def started_after_unlocks(
    start: list[Step],
    unlocked: Mapping[str, timedelta],
    sensing: Sensing,
    *,
    sleeping: bool,
) -> list[Step]:
    """The start's re-sync, as an unlock for locations whose lock ended while down.

    What the lock ignored is read anew counting from when it was due, and what an
    edit ended under it ends (``Sensing.after_unlock``), as a live unlock does.
    """
    if not unlocked:
        return start
    return [
        *(step for step in start if step.location_id not in unlocked),
        *(
            step
            for location_id, late in unlocked.items()
            for step in sensing.after_unlock(location_id, sleeping=sleeping, late=late)
        ),
    ]


def started_with_unbound_ended(
    start: list[Step],
    unbound: Iterable[tuple[str, str]],
    engine: OccupancyEngine,
    ended: EndedWhileLocked,
) -> list[Step]:
    """The start's re-sync, ending also what an edit made while down unbound.

    As in a live edit, what holds goes in before anything ends (``holds_first``):
    a room held by a sensor refiled while down must not flip at the start.
    A locked location ignores the ends: its unlock ends them (``unlocking.py``).
    """
    ending = [
        Step(location_id, entity_id, Clear(timedelta(0)), config=True)
        for location_id, entity_id in unbound
    ]
    if not ending:
        return start
    for step in ending:
        if engine.state(step.location_id).locked:
            ended.add(step.location_id, step.source_id)
    return holds_first([*ending, *start])
