"""Effects: what the engine's transitions mean for Home Assistant (pure).

The third stage of the shell's pipeline (sensing → engine → effects → shell). Given
the transitions of one engine call, it says which events to fire
(``occupancy_manager_changed``, ``occupancy_manager_occupant``), which transitions the
occupancy modes must see, and which locations were just occupied (sensing has
something to re-check there; an unlock is read anew before, ``Pipeline._apply``).
The shell applies it, after the changed locations' entities have written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from .const import EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT
from .engine import LocationState, Transition
from .insight import (
    ContributionsMemo,
    HomeView,
    changed_event,
    contributions_memo,
    occupant_event,
)

CONFIG_REASON = "config"
LADDER_REASON = "ladder"


class Events:
    """Bus events to fire, in order; their data is built when they are read.

    The shell writes the entities first and fires the events after them: building
    the data (every contribution in words, for each location that flipped) then
    keeps that work from delaying the entity writes (issue 14). Entity writes only
    read the engine, so the data is what it was at the change. All of it is built
    before the first event is handed out: a listener of one event may run an action
    at once (Home Assistant starts tasks eagerly), and the next event must still
    tell the change it belongs to.
    """

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        """No events yet."""
        self._pending: list[tuple[str, Callable[[], dict[str, Any]]]] = []

    def append(self, event_type: str, data: Callable[[], dict[str, Any]]) -> None:
        """Fire ``event_type`` with what ``data`` returns when its turn comes."""
        self._pending.append((event_type, data))

    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(event type, data) in order, all the data built now."""
        return iter([(event_type, data()) for event_type, data in self._pending])

    def __len__(self) -> int:
        """How many events."""
        return len(self._pending)


@dataclass(slots=True)
class Effects:
    """Everything one engine result asks the shell to do, in order."""

    events: Events = field(default_factory=Events)
    """Bus events to fire: (event type, data), the data built as it is read."""
    modes: list[Transition] = field(default_factory=list)
    """Transitions the occupancy modes decide on."""
    occupied: list[str] = field(default_factory=list)
    """Locations that just became occupied (their keep sources may hold them now)."""


def as_config(transitions: Iterable[Transition]) -> tuple[Transition, ...]:
    """The same transitions, told as caused by an edit of the configuration.

    A ladder step keeps its reason: it is the passing of time, which an edit's
    call only happened to apply.
    """
    return tuple(
        transition
        if transition.reason == LADDER_REASON
        else replace(transition, reason=CONFIG_REASON)
        for transition in transitions
    )


def plan(
    view: HomeView,
    transitions: Iterable[Transition],
    memo: ContributionsMemo | None = None,
) -> Effects:
    """The effects of one engine result's transitions (child before parent).

    ``memo``: the home's ``contributions_memo``, when the caller holds it.
    """
    effects = Effects()
    # Names a room tracker's rename swapped, gathered child before parent so that the
    # parents' transitions of the same result know them too.
    renamed: set[tuple[str, str]] = set()
    for transition in transitions:
        location_id = transition.location_id
        if location_id not in view.specs:
            continue  # removed by the same edit: nothing left to show
        effects.modes.append(transition)
        previous, current = transition.previous, transition.current
        if transition.occupied_changed:
            if memo is None:  # once per result, not once per event
                memo = contributions_memo(view)
            effects.events.append(
                EVENT_OCCUPANCY_CHANGED,
                partial(
                    changed_event, view, location_id, transition.reason, current, memo
                ),
            )
            if current.occupied:
                effects.occupied.append(location_id)
        if (
            current.occupants != previous.occupants  # mostly both empty
            # An edit that adds or removes a room tracker moved nobody: arrivals
            # and departures are a record of people (README), the attribute shows it.
            and transition.reason != CONFIG_REASON
        ):
            arrived = current.occupants - previous.occupants
            departed = previous.occupants - current.occupants
            renamed |= _renames(previous, current)
            for old_name, new_name in renamed:
                # Nobody came or went: an automation on an arrival or a departure
                # must not run because a tracker was renamed.
                if old_name in departed and new_name in arrived:
                    departed -= {old_name}
                    arrived -= {new_name}
            for action, names in (("arrived", arrived), ("departed", departed)):
                for occupant in sorted(names):
                    effects.events.append(
                        EVENT_OCCUPANT,
                        partial(occupant_event, view, location_id, occupant, action),
                    )
    return effects


def _renames(previous: LocationState, current: LocationState) -> set[tuple[str, str]]:
    """(old, new) occupant names that one source carries across the transition.

    Only a room tracker carries an occupant, its own name, so a source whose occupant
    changes in place was renamed (sensing's ``_tracker_input``).
    """
    before = {
        contribution.source_id: contribution.occupant
        for contribution in previous.contributions
        if contribution.occupant is not None
    }
    return {
        (old, contribution.occupant)
        for contribution in current.contributions
        if contribution.occupant is not None
        and (old := before.get(contribution.source_id)) is not None
        and old != contribution.occupant
    }
