"""The four-state occupancy ladder (ENGINE.md §5) as a pure function of timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bounds import CENTURY, CENTURY_BEFORE_LATEST, later
from .model import (
    EXTENDED_VACANT,
    OCCUPIED,
    RECENTLY_OCCUPIED,
    VACANT,
    Ladder,
    LocationConfig,
)

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
    # ``later`` inlined where its first test settles the sum (every practical one).
    if occupied:
        if held:
            return OCCUPIED, None
        if last_activity is not None:
            after = config.recently_occupied_after
            if after < CENTURY and last_activity < CENTURY_BEFORE_LATEST:
                threshold = last_activity + after
            else:
                threshold = later(last_activity, after)
            if at < threshold:
                return OCCUPIED, threshold
        return RECENTLY_OCCUPIED, None
    if vacant_since is None:
        return VACANT, None
    after = config.extended_vacancy_after
    if after < CENTURY and vacant_since < CENTURY_BEFORE_LATEST:
        threshold = vacant_since + after
    else:
        threshold = later(vacant_since, after)
    if at < threshold:
        return VACANT, threshold
    return EXTENDED_VACANT, None
