"""Effects: what the engine's transitions mean for Home Assistant (pure).

The third stage of the shell's pipeline (sensing → engine → effects → shell). Given
the transitions of one engine call, it says which locations' entities must look again,
which events to fire (``occupancy_manager_changed``, ``occupancy_manager_occupant``),
which transitions the occupancy modes must see, and which locations were just
unlocked or occupied (sensing has something to re-check there). The shell applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .const import EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT
from .engine import Transition
from .insight import HomeView, changed_event, occupant_event

CONFIG_REASON = "config"
LADDER_REASON = "ladder"


@dataclass(slots=True)
class Effects:
    """Everything one engine result asks the shell to do, in order."""

    changed: list[Transition] = field(default_factory=list)
    """Transitions whose location's entities must look again."""
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Bus events to fire: (event type, data)."""
    modes: list[Transition] = field(default_factory=list)
    """Transitions the occupancy modes decide on."""
    unlocked: list[str] = field(default_factory=list)
    """Locations that were just unlocked (the wasp re-checks their doors)."""
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


def plan(view: HomeView, transitions: Iterable[Transition]) -> Effects:
    """The effects of one engine result's transitions (child before parent)."""
    effects = Effects()
    for transition in transitions:
        location_id = transition.location_id
        if location_id not in view.specs:
            continue  # removed by the same edit: nothing left to show
        effects.changed.append(transition)
        effects.modes.append(transition)
        previous, current = transition.previous, transition.current
        if transition.occupied_changed:
            effects.events.append(
                (
                    EVENT_OCCUPANCY_CHANGED,
                    changed_event(view, location_id, transition.reason, current),
                )
            )
            if current.occupied:
                effects.occupied.append(location_id)
        for action, names in (
            ("arrived", current.occupants - previous.occupants),
            ("departed", previous.occupants - current.occupants),
        ):
            effects.events.extend(
                (EVENT_OCCUPANT, occupant_event(view, location_id, occupant, action))
                for occupant in sorted(names)
            )
        if previous.locked and not current.locked:
            effects.unlocked.append(location_id)
    return effects
