"""Sources-problem changes reach exactly the locations whose problem set changed."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .common import home_entry, location, set_state, setup_home

KITCHEN_M = "binary_sensor.kitchen_m"
HALL_M = "binary_sensor.hall_m"


class Heard:
    """What the problem listeners of each location and the home feed were told."""

    def __init__(self, entry: MockConfigEntry) -> None:
        self.problems: list[str] = []
        self.feed: list[set[str]] = []
        shell = entry.runtime_data
        for location_id in shell.specs:
            shell.async_add_listener(
                location_id,
                lambda location_id=location_id: self.problems.append(location_id),
                problems=True,
            )
        shell.async_add_home_listener(self.feed.append)


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    registry = er.async_get(hass)
    registry.async_get_or_create(
        "binary_sensor", "test", "kitchen_m", suggested_object_id="kitchen_m"
    )
    for entity_id in (KITCHEN_M, HALL_M):
        await set_state(hass, entity_id, "off")
    return await setup_home(
        hass,
        home_entry(
            location("kitchen", "Kitchen", motion_sources=[KITCHEN_M]),
            location("hall", "Hall", motion_sources=[HALL_M, KITCHEN_M]),
            location("attic", "Attic"),
        ),
    )


async def test_an_edit_tells_no_location_whose_problems_stay(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    heard = Heard(entry)
    subentry = entry.subentries["attic"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "name": "Loft"}, title="Loft"
    )
    await hass.async_block_till_done()
    assert heard.problems == []
    assert heard.feed == [{"attic"}]


async def test_an_edit_that_adds_a_missing_source_tells_that_location(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    heard = Heard(entry)
    subentry = entry.subentries["attic"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "motion_sources": ["binary_sensor.gone"]},
    )
    await hass.async_block_till_done()
    assert heard.problems == ["attic"]
    assert entry.runtime_data.problem_sources("attic") == ["binary_sensor.gone"]


async def test_a_registry_change_that_changes_no_problem_tells_nobody(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    heard = Heard(entry)
    er.async_get(hass).async_update_entity(KITCHEN_M, name="Kitchen PIR")
    await hass.async_block_till_done()
    assert heard.problems == []
    assert heard.feed == []


async def test_a_source_going_missing_is_told_where_it_feeds(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    heard = Heard(entry)
    hass.states.async_remove(HALL_M)
    await hass.async_block_till_done()
    assert heard.problems == ["hall"]
    assert heard.feed == [{"hall"}]
    await set_state(hass, HALL_M, "off")
    assert heard.problems == ["hall", "hall"]
    assert heard.feed == [{"hall"}, {"hall"}]
