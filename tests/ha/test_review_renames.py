"""Review: a source renamed to an id the location lists under another kind.

The registry only renames to a free id, but a location can still list it: a sensor
that was removed (a missing source). Followed as it was, the location named one entity
in two kinds, which its form refuses (``entity_in_two_kinds``) and which bound the
entity twice. The renamed entity keeps the kind it was configured with.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockEntity, MockEntityPlatform

from custom_components.occupancy_manager.const import DOMAIN, SourceKind

from .common import home_entry, location, setup_home

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"
GONE = "binary_sensor.presence_kitchen"


class _Sensor(MockEntity):
    @property
    def state(self) -> str:
        return self._handle("state")


async def test_a_source_renamed_to_an_id_listed_under_another_kind_is_listed_once(
    hass: HomeAssistant,
) -> None:
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    await platform.async_add_entities([_Sensor(unique_id="p", name="p", state="on")])
    await setup_home(
        hass,
        home_entry(
            location("room", "Room", presence_sources=[P], motion_sources=[GONE])
        ),
    )
    er.async_get(hass).async_update_entity(P, new_entity_id=GONE)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    (subentry,) = entry.subentries.values()
    kinds = [
        kind for kind in SourceKind if GONE in (subentry.data.get(kind.conf_key) or [])
    ]
    assert kinds == [SourceKind.PRESENCE]
    assert hass.states.get(ROOM).state == "on"
