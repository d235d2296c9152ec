"""Import of floors and areas: at setup and later from the options."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home


def _by_title(entry: MockConfigEntry) -> dict[str, dict]:
    return {
        s.title: {**s.data, "_id": s.subentry_id} for s in entry.subentries.values()
    }


async def _create_home(hass: HomeAssistant) -> MockConfigEntry:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"name": "Home", "import_areas": True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return hass.config_entries.async_entries(DOMAIN)[0]


async def test_home_without_floors_or_areas_gets_one_root(hass: HomeAssistant) -> None:
    for area in ar.async_get(hass).async_list_areas():
        ar.async_get(hass).async_delete(area.id)
    entry = await _create_home(hass)
    assert list(_by_title(entry)) == ["Home"]
    assert hass.states.get("binary_sensor.home_occupancy").state == "off"


async def test_import_floors_areas_and_sources(
    hass: HomeAssistant,
    floor_registry: fr.FloorRegistry,
    area_registry: ar.AreaRegistry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    for area in area_registry.async_list_areas():
        area_registry.async_delete(area.id)
    ground = floor_registry.async_create("Ground floor", level=0)
    kitchen = area_registry.async_create("Kitchen", floor_id=ground.floor_id)
    area_registry.async_create("Garden")  # no floor: under the root
    other = MockConfigEntry(domain="test")
    other.add_to_hass(hass)
    device = device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("test", "hub")}
    )
    device_registry.async_update_device(device.id, area_id=kitchen.id)

    def add(
        domain: str, uid: str, device_class: str | None = None, **kw: object
    ) -> str:
        return entity_registry.async_get_or_create(
            domain, "test", uid, original_device_class=device_class, **kw
        ).entity_id

    motion = add("binary_sensor", "m", "motion", device_id=device.id)
    presence = add("binary_sensor", "p", "occupancy", device_id=device.id)
    door = add("binary_sensor", "d", "door", device_id=device.id)
    tv = add("media_player", "tv", device_id=device.id)
    own_area = entity_registry.async_update_entity(
        add("binary_sensor", "own", "presence"), area_id=kitchen.id
    ).entity_id
    hidden = add("binary_sensor", "h", "motion", device_id=device.id)
    entity_registry.async_update_entity(hidden, hidden_by=er.RegistryEntryHider.USER)
    disabled = add("binary_sensor", "x", "motion", device_id=device.id)
    entity_registry.async_update_entity(
        disabled, disabled_by=er.RegistryEntryDisabler.USER
    )
    add("sensor", "temp", "temperature", device_id=device.id)
    add("binary_sensor", "smoke", "smoke", device_id=device.id)

    entry = await _create_home(hass)
    locations = _by_title(entry)
    assert set(locations) == {"Home", "Ground floor", "Kitchen", "Garden"}
    assert locations["Ground floor"]["parent"] == locations["Home"]["_id"]
    assert locations["Kitchen"]["parent"] == locations["Ground floor"]["_id"]
    assert locations["Garden"]["parent"] == locations["Home"]["_id"]
    kitchen_loc = locations["Kitchen"]
    assert kitchen_loc["area_id"] == kitchen.id
    assert kitchen_loc["motion_sources"] == [motion]
    assert kitchen_loc["presence_sources"] == sorted([presence, own_area])
    assert kitchen_loc["door_sources"] == [door]
    assert kitchen_loc["media_sources"] == [tv]
    assert "motion_sources" not in locations["Garden"]

    # The imported location works like any other.
    hass.states.async_set(motion, "off")
    await hass.async_block_till_done()
    hass.states.async_set(motion, "on")
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.kitchen_occupancy").state == "on"
    assert hass.states.get("binary_sensor.home_occupancy").state == "on"

    # Re-importing adds only the new area and never touches existing locations.
    edited = entry.subentries[kitchen_loc["_id"]]
    hass.config_entries.async_update_subentry(
        entry, edited, data={**edited.data, "motion_sources": []}
    )
    await hass.async_block_till_done()
    area_registry.async_create("Attic")
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "import_areas"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["description_placeholders"] == {"locations": "Attic"}
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    # Says what it did (an options entry would only say "Options successfully saved").
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "imported"
    assert result["description_placeholders"] == {"locations": "Attic"}
    await hass.async_block_till_done()
    locations = _by_title(entry)
    assert set(locations) == {"Home", "Ground floor", "Kitchen", "Garden", "Attic"}
    assert locations["Kitchen"]["motion_sources"] == []
    assert hass.states.get("binary_sensor.attic_occupancy") is not None

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "import_areas"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "nothing_to_import"


async def test_import_skips_linked_areas_and_used_entities(
    hass: HomeAssistant,
    area_registry: ar.AreaRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    for area in area_registry.async_list_areas():
        area_registry.async_delete(area.id)
    office = area_registry.async_create("Office")
    den = area_registry.async_create("Den")
    used = entity_registry.async_get_or_create(
        "binary_sensor", "test", "used", original_device_class="motion"
    )
    entity_registry.async_update_entity(used.entity_id, area_id=den.id)
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "mine", "My office", area_id=office.id, motion_sources=[used.entity_id]
            ),
        ),
    )
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "import_areas"}
    )
    assert result["description_placeholders"] == {"locations": "Home, Den"}
    await hass.config_entries.options.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    den_loc = next(s for s in entry.subentries.values() if s.title == "Den")
    assert "motion_sources" not in den_loc.data
    assert len(entry.subentries) == 3
