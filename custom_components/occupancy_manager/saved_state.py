"""The home's saved state: what is written to the store, and how a restart reads it.

One file per home holds the engine's snapshot and, next to its keys, the tuning's
false-vacancy record (``tuning.SNAPSHOT_KEY``). A restore is not news: it fires no
change events. But whoever was carried by a contribution that expired while Home
Assistant was down has left, and that departure is told (no ghosts): the restore
returns who left where, for the shell to announce once it has started.
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.util import dt as dt_util

from .engine import EARLIEST, LATEST, OccupancyEngine
from .insight import saved_occupants
from .locations import LocationSpec
from .persistence import SnapshotStore
from .tuning import SNAPSHOT_KEY, Tuning
from .unlocking import SNAPSHOT_KEY as ENDED_KEY, EndedWhileLocked


def home_snapshot(
    engine: OccupancyEngine, tuning: Tuning, ended: EndedWhileLocked
) -> dict[str, object]:
    """What is saved: the engine's snapshot and, next to its keys, the tuning's.

    The engine's compact format (version 3, a fifth of version 1's size); it still
    reads the version 1 and 2 files earlier releases wrote. What edits ended under
    a lock, only while there is any (``unlocking.py``).
    """
    snapshot = {
        **engine.snapshot(compact=True),
        SNAPSHOT_KEY: tuning.to_json(dt_util.utcnow()),
    }
    if saved := ended.to_json():
        snapshot[ENDED_KEY] = saved
    return snapshot


async def async_restore(
    store: SnapshotStore,
    engine: OccupancyEngine,
    tuning: Tuning,
    specs: Mapping[str, LocationSpec],
    ended: EndedWhileLocked,
) -> dict[str, frozenset[str]]:
    """Load the saved state into the engine and tuning; who left while down, where."""
    snapshot = await store.async_load()
    if snapshot is None:
        return {}
    before = occupants_when_saved(specs, snapshot)
    # No entity exists yet to tell of a change: the transitions would be discarded.
    engine.restore(snapshot, dt_util.utcnow(), report=False)
    tuning.load(snapshot.get(SNAPSHOT_KEY))
    ended.load(snapshot.get(ENDED_KEY), specs)
    return {
        location_id: names - engine.state(location_id).occupants
        for location_id, names in before.items()
        if location_id in specs
    }


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
    saved_at = dt_util.parse_datetime(str(snapshot.get("now", "")))
    if saved_at is None or saved_at.tzinfo is None or not EARLIEST <= saved_at < LATEST:
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
