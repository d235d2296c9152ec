"""The action pickers leave out the home's own snapshot scenes.

*Restore previous state* keeps a location's previous state in a scene it creates
(``scene.create``: ``scene.occupancy_manager_<location>_previous``). Such a scene has
no unique id, so the registry cannot hide it, and the form's scene and script
pickers offered it as an action. The picker's own ``exclude_entities`` leaves it
out (as the source pickers leave out the home's entities); one an action already
names stays, so the location can still be saved as shown.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from .common import home_entry, location, setup_home
from .test_forms import _field, _location_form

ROOM_SCENE = "scene.occupancy_manager_room_previous"
HALL_SCENE = "scene.occupancy_manager_hall_previous"
ACTIONS = ("occupied", "vacant", "extended_vacant")


def _excluded(schema: Any, field: str) -> set[str]:
    section = _field(schema, "actions")[1]
    picker = next(value for key, value in section.schema.schema.items() if key == field)
    return set(picker.config["exclude_entities"])


async def test_the_action_pickers_leave_out_every_snapshot_scene(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(
        hass, home_entry(location("room", "Room"), location("hall", "Hall"))
    )
    for subentry_id in ("room", None):
        result = await _location_form(hass, entry, subentry_id)
        for field in ACTIONS:
            assert _excluded(result["data_schema"], field) >= {ROOM_SCENE, HALL_SCENE}


async def test_a_snapshot_scene_an_action_names_already_stays_offered(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room", actions={"vacant": [HALL_SCENE]}),
            location("hall", "Hall"),
        ),
    )
    result = await _location_form(hass, entry, "room")
    assert HALL_SCENE not in _excluded(result["data_schema"], "vacant")
    assert HALL_SCENE in _excluded(result["data_schema"], "occupied")
