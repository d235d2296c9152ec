"""A source renamed in the registry keeps the time it had left (pure).

The rename is followed by an edit of the locations (``live.async_track_renames``):
sensing then ends the old id's contribution and re-reads a held source that is on
under the new id. A motion or door sensor's timeout and a trailing time have
nothing to re-read: they are carried over to the new id first, so the room keeps
them and does not flip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from .engine import LocationState
from .locations import LocationSpec
from .sensing import Step
from .sources import Clear, Trigger


def with_carried_over(
    steps: list[Step],
    renamed: Mapping[str, str],
    *,
    old: Mapping[str, LocationSpec],
    specs: Mapping[str, LocationSpec],
    state: Callable[[str], LocationState],
    now: datetime,
) -> list[Step]:
    """An edit's ``steps`` after triggers that carry renamed sources' time over.

    A re-read of such a source that is off would start its trailing time afresh:
    dropped, the time left is all it gets.
    """
    carried = carried_over(renamed, old, specs, state, now=now)
    if not carried:
        return steps
    ids = {(step.location_id, step.source_id) for step in carried}
    return [
        *carried,
        *(
            step
            for step in steps
            if not isinstance(step.input, Clear)
            or (step.location_id, step.source_id) not in ids
        ),
    ]


def carried_over(
    renamed: Mapping[str, str],
    old: Mapping[str, LocationSpec],
    specs: Mapping[str, LocationSpec],
    state: Callable[[str], LocationState],
    *,
    now: datetime,
) -> list[Step]:
    """Triggers that give each renamed source's running time to its new id.

    Only where the location had the old id and has the new one as the same kind; a
    contribution without an end (held, or suspended by a lock) is left to sensing.
    """
    steps: list[Step] = []
    for location_id, spec in specs.items():
        if (before := old.get(location_id)) is None:
            continue
        was, is_now = dict(before.source_entities()), dict(spec.source_entities())
        for contribution in state(location_id).contributions:
            new = renamed.get(contribution.source_id)
            expires_at = contribution.expires_at
            if (
                new is None
                or expires_at is None
                or expires_at <= now
                or was.get(contribution.source_id) is None
                or is_now.get(new) is not was[contribution.source_id]
            ):
                continue
            steps.append(
                Step(
                    location_id,
                    new,
                    Trigger(expires_at - now, contribution.occupant),
                    config=True,
                )
            )
    return steps
