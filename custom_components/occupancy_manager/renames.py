"""A source renamed in the registry goes on as it was under its new id (pure).

The rename is followed by an edit of the locations (``live.async_track_renames``):
sensing then ends the old id's contribution and reads the new id as a newly bound
source. But it is the same sensor: what it did stands. A motion or door timeout or
a trailing time keeps the time it had left, and a held source still on after a
vacate does not hold its room again (README "Known limitations"). So the old id's
contribution is carried over to the new id as it is, and of sensing's reading of
the new id only a hold is kept, where the old id contributed: a held source that
is on holds (the old id's may have been timed by its grace while the registry
moved it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from .engine import LocationState
from .locations import LocationSpec
from .sensing import Step
from .sources import Trigger


def with_carried_over(
    steps: list[Step],
    renamed: Mapping[str, str],
    *,
    old: Mapping[str, LocationSpec],
    specs: Mapping[str, LocationSpec],
    state: Callable[[str], LocationState],
    now: datetime,
) -> list[Step]:
    """An edit's ``steps``, renamed sources carried over instead of read anew.

    Only where the location had the old id and has the new one as the same kind.
    A contribution suspended by a lock is left to the unlock, as any edit's.
    """
    carried: list[Step] = []
    followed: set[tuple[str, str]] = set()
    holding: set[tuple[str, str]] = set()
    for location_id, spec in specs.items():
        if (before := old.get(location_id)) is None:
            continue
        was, is_now = dict(before.source_entities()), dict(spec.source_entities())
        pairs = {
            old_id: new_id
            for old_id, new_id in renamed.items()
            if old_id in was and is_now.get(new_id) is was[old_id]
        }
        if not pairs:
            continue
        followed.update((location_id, new_id) for new_id in pairs.values())
        for contribution in state(location_id).contributions:
            if (new_id := pairs.get(contribution.source_id)) is None:
                continue
            holding.add((location_id, new_id))
            expires_at = contribution.expires_at
            if expires_at is None and contribution.remaining is None:
                timeout = None  # held
            elif expires_at is not None and expires_at > now:
                timeout = expires_at - now
            else:
                continue
            carried.append(
                Step(
                    location_id,
                    new_id,
                    Trigger(timeout, contribution.occupant),
                    config=True,
                )
            )
    if not followed:
        return steps
    return [
        *carried,
        *(
            step
            for step in steps
            if (pair := (step.location_id, step.source_id)) not in followed
            or (pair in holding and isinstance(step.input, Trigger))
        ),
    ]
