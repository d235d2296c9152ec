"""The four-state occupancy ladder (ENGINE.md §5) as a pure function of timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bounds import later
from .model import Ladder, LocationConfig

if TYPE_CHECKING:
    from datetime import datetime


def ladder_at(  # noqa: PLR0917 - positional: called on every change
    config: LocationConfig,
    occupied: bool,
    held: bool,
    last_activity: datetime | None,
    vacant_since: datetime | None,
    at: datetime,
) -> tuple[Ladder, datetime | None]:
    """Return the ladder state at ``at`` and when it would next change by itself.

    ``held`` means some contribution is indefinite. A child's contribution to its
    parent is indefinite, so a parent with an occupied contributing child is held.
    The returned deadline is None when only a new input can move the ladder: a held
    location, a recently occupied one (its contributions' expiry moves it on), and
    an extended vacancy.
    """
    if occupied:
        if held:
            return Ladder.OCCUPIED, None
        if last_activity is not None:
            threshold = later(last_activity, config.recently_occupied_after)
            if at < threshold:
                return Ladder.OCCUPIED, threshold
        return Ladder.RECENTLY_OCCUPIED, None
    if vacant_since is None:
        return Ladder.VACANT, None
    threshold = later(vacant_since, config.extended_vacancy_after)
    if at < threshold:
        return Ladder.VACANT, threshold
    return Ladder.EXTENDED_VACANT, None
