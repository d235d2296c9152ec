"""Engine reason codes in plain words, for the logbook and other user-facing text."""

from __future__ import annotations

from collections.abc import Callable

from .const import WASP_SOURCE

type Namer = Callable[[str], str]


def _wasp_name(_source_id: str) -> str:
    return "wasp in a box"


def describe_reason(reason: str, source_name: Namer, location_name: Namer) -> str:
    """Words for one reason code, e.g. ``expired:binary_sensor.x`` → "X motion expired".

    ``source_name`` turns a source id into a friendly name, ``location_name`` a
    location id into the location's name.
    """
    code, _, subject = reason.partition(":")
    if subject == WASP_SOURCE:
        # The wasp-in-a-box contribution: named as the form names it.
        source_name = _wasp_name
    match code:
        case "trigger":
            return source_name(subject)
        case "clear":
            return f"{source_name(subject)} cleared"
        case "expired":
            return f"{source_name(subject)} expired"
        case "vacate":
            return "vacated"
        case "child":
            return f"via {location_name(subject)}"
        case "parent":
            return f"follows {location_name(subject)}"
        case "lock":
            return f"locked by {subject}"
        case "unlock":
            return f"lock {subject} released"
        case "restore":
            return "restored after a restart"
        case "config":
            return "configuration changed"
        case "ladder":
            return "no recent activity"
        case _:
            return reason
