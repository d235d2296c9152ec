"""Home Assistant's own logbook processor reads a flip as one story.

The logbook integration needs the frontend (not installed for tests), so its
processor is fed the live events with our descriptions registered, as the logbook
would do with the rows it reads back from the recorder.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.logbook.const import DOMAIN as LOGBOOK_DOMAIN
from homeassistant.components.logbook.models import LogbookConfig, async_event_to_row
from homeassistant.components.logbook.processor import EventProcessor
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED
from custom_components.occupancy_manager.logbook import async_describe_events

from .common import record_into
from .test_logbook_story import FLOOR, KITCHEN, LADDER, MOTION, _home


async def test_the_logbook_reads_one_line_per_location_and_flip(
    hass: HomeAssistant,
) -> None:
    """Through Home Assistant's own logbook: described lines and their cause."""
    external: dict[str, Any] = {}
    async_describe_events(
        hass,
        lambda domain, event_type, describe: external.__setitem__(
            event_type, (domain, describe)
        ),
    )
    hass.data[LOGBOOK_DOMAIN] = LogbookConfig(external)
    await _home(hass)
    seen: list[Event] = []
    hass.bus.async_listen(EVENT_STATE_CHANGED, record_into(seen))
    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, record_into(seen))
    hass.states.async_set(MOTION, "on", {"friendly_name": "Kitchen motion"})
    await hass.async_block_till_done()

    processor = EventProcessor(hass, (EVENT_OCCUPANCY_CHANGED,))
    lines = processor.humanify(
        async_event_to_row(event)
        for event in seen
        if event.event_type != EVENT_STATE_CHANGED or event.data["old_state"]
    )
    described = [line for line in lines if line.get("domain") == DOMAIN]
    assert [(line["name"], line["message"]) for line in described] == [
        ("Kitchen", "became occupied (Kitchen motion)"),
        ("Floor", "became occupied (via Kitchen)"),
    ]
    ours = [
        line
        for line in lines
        if line.get("entity_id") in (KITCHEN, FLOOR, LADDER)
        and line.get("domain") != DOMAIN
    ]
    assert ours  # the state lines of the flip ...
    # ... each says what triggered it: the motion sensor's change.
    assert {line.get("context_entity_id") for line in [*ours, *described]} == {MOTION}
