"""Forms that guide: bounds, pickers without feedback loops, errors where users look.

Issue 11 (validation at the form boundary) and issue 13 (form bullets); CONTRACT,
revision 2, "Durations and ids" and "Configuration forms".
"""

from __future__ import annotations

from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
from homeassistant.helpers.selector import DurationSelector
from homeassistant.helpers.translation import async_get_translations
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.occupancy_manager.const import SUBENTRY_LOCATION

from .common import home_entry, location, setup_home

OWN = {
    "binary_sensor.room_occupancy",
    "binary_sensor.room_sources_problem",
    "sensor.room_occupancy_state",
    "switch.room_occupancy_lock",
}
BASE: dict[str, Any] = {
    "name": "Bathroom",
    "strategy": "independent",
    "contributes_to_parent": True,
    "timing": {},
    "actions": {},
    "wasp": {},
}


def _field(schema: vol.Schema, name: str) -> tuple[vol.Marker, Any]:
    return next((key, value) for key, value in schema.schema.items() if key == name)


def _selector_config(schema: vol.Schema, name: str) -> dict[str, Any]:
    return dict(_field(schema, name)[1].config)


def _section_suggestions(schema: vol.Schema, name: str) -> dict[str, Any]:
    section = _field(schema, name)[1]
    return {
        str(key): key.description["suggested_value"]
        for key in section.schema.schema
        if key.description and "suggested_value" in key.description
    }


async def _durations_form(hass: HomeAssistant, entry: MockConfigEntry) -> dict:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "durations"}
    )


async def _location_form(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str | None = None
) -> dict:
    context: dict[str, Any] = {"source": config_entries.SOURCE_USER}
    if subentry_id:
        context = {
            "source": config_entries.SOURCE_RECONFIGURE,
            "subentry_id": subentry_id,
        }
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION), context=context
    )
    assert result["type"] is FlowResultType.FORM
    return result


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        (
            "default_timeout",
            {"hours": 0, "minutes": 0, "seconds": 0},
            "duration_too_short",
        ),
        ("door_timeout", {"seconds": -30}, "duration_too_short"),
        ("recently_occupied_after", {"seconds": 0.5}, "duration_too_short"),
        ("extended_vacancy_after", {"hours": 99_999_999}, "duration_too_long"),
        ("unavailable_grace", {"hours": 1e15}, "duration_too_long"),
        ("bounce_window", {"seconds": float("nan")}, "duration_invalid"),
        ("default_trailing_timeout", {"seconds": -1}, "duration_too_short_zero_ok"),
        ("default_timeout", {"hours": float("inf")}, "duration_invalid"),
        ("default_timeout", {"fortnights": 1}, "duration_invalid"),
    ],
)
async def test_options_refuse_durations_out_of_range(
    hass: HomeAssistant, field: str, value: dict[str, Any], error: str
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    before = dict(entry.options)
    result = await _durations_form(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {field: value}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert dict(entry.options) == before


async def test_options_accept_zero_trailing_and_the_bounce_window(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    result = await _durations_form(hass, entry)
    marker, _ = _field(result["data_schema"], "bounce_window")
    assert marker.default() == {"hours": 0, "minutes": 2, "seconds": 0}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "default_trailing_timeout": {"hours": 0, "minutes": 0, "seconds": 0},
            "bounce_window": {"hours": 0, "minutes": 3, "seconds": 0},
            "extended_vacancy_after": {"days": 3650},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options["bounce_window"] == {"hours": 0, "minutes": 3, "seconds": 0}
    assert entry.runtime_data is not None


async def test_sleep_entity_picker_offers_no_own_entity(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    result = await _durations_form(hass, entry)
    config = _selector_config(result["data_schema"], "sleep_entity")
    assert set(config["exclude_entities"]) >= OWN
    assert [f["domain"] for f in config["filter"]] == [
        ["binary_sensor"],
        ["input_boolean"],
        ["switch"],
    ]
    assert not config["multiple"]


async def test_location_pickers_offer_only_their_kind_and_no_own_entity(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    result = await _location_form(hass, entry)
    schema = result["data_schema"]
    for field in (
        "motion_sources",
        "presence_sources",
        "keep_sources",
        "door_sources",
        "state_door_sources",
        "media_sources",
        "vacate_sources",
        "occupant_sources",
    ):
        config = _selector_config(schema, field)
        assert set(config["exclude_entities"]) >= OWN, field
        assert config["multiple"], field

    def _domains(field: str) -> list[str]:
        return sorted(
            domain
            for item in _selector_config(schema, field)["filter"]
            for domain in item["domain"]
        )

    assert _domains("vacate_sources") == ["fan", "input_boolean", "light", "switch"]
    assert _domains("occupant_sources") == ["device_tracker", "person", "sensor"]
    assert _domains("motion_sources") == ["binary_sensor"]


async def test_a_location_saved_with_an_own_entity_stays_editable(
    hass: HomeAssistant,
) -> None:
    """Older versions offered own entities; the form must not answer a raw error."""
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room"),
            location("house", "House", motion_sources=["binary_sensor.room_occupancy"]),
        ),
    )
    result = await _location_form(hass, entry, "house")
    config = _selector_config(result["data_schema"], "motion_sources")
    assert "binary_sensor.room_occupancy" not in config["exclude_entities"]
    assert "switch.room_occupancy_lock" in config["exclude_entities"]
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {**BASE, "name": "House", "motion_sources": ["binary_sensor.room_occupancy"]},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "location_updated"


async def test_same_entity_in_two_kinds_is_refused(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            **BASE,
            "motion_sources": ["binary_sensor.hall"],
            "presence_sources": ["binary_sensor.hall", "binary_sensor.mmwave"],
        },
    )
    assert result["errors"] == {"presence_sources": "entity_in_two_kinds"}
    assert not entry.subentries


async def test_wasp_without_door_is_reported_at_the_top(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**BASE, "wasp": {"enabled": True}}
    )
    assert result["errors"] == {"base": "wasp_needs_door"}


@pytest.mark.parametrize(
    ("section", "values", "error"),
    [
        ("timing", {"motion_timeout": {"seconds": 0}}, "timing_out_of_range"),
        ("timing", {"door_timeout": {"hours": 99_999_999}}, "timing_out_of_range"),
        ("timing", {"sleep_motion_timeout": {"seconds": 0}}, "timing_out_of_range"),
        ("timing", {"vacate_quiet": {"seconds": -10}}, "timing_out_of_range"),
        ("timing", {"extended_vacancy_after": {"days": 3651}}, "timing_out_of_range"),
        (
            "timing",
            {"recently_occupied_after": {"seconds": 0.3}},
            "timing_out_of_range",
        ),
        ("wasp", {"max_duration": {"days": 3651}}, "wasp_out_of_range"),
        ("wasp", {"verify": {"hours": float("inf")}}, "wasp_out_of_range"),
    ],
)
async def test_location_durations_out_of_range_are_refused(
    hass: HomeAssistant, section: str, values: dict[str, Any], error: str
) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**BASE, section: values}
    )
    assert result["type"] is FlowResultType.FORM
    # In a collapsed section a field error would not be seen: the top shows it.
    assert result["errors"] == {"base": error}
    assert not entry.subentries


async def test_documented_zeros_are_accepted(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    zero = {"hours": 0, "minutes": 0, "seconds": 0}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            **BASE,
            "door_sources": ["binary_sensor.door"],
            "timing": {"trailing_timeout": zero, "vacate_quiet": zero},
            "wasp": {"enabled": True, "verify": zero},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = result["data"]
    assert data["timing"] == {"trailing_timeout": zero, "vacate_quiet": zero}
    assert data["wasp"]["verify"] == zero


async def test_timing_shows_what_it_overrides(hass: HomeAssistant) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room", timing={"motion_timeout": {"minutes": 7}}),
            options={"default_timeout": {"minutes": 4}, "door_timeout": {"hours": 2}},
        ),
    )
    result = await _location_form(hass, entry, "room")
    placeholders = result["description_placeholders"]
    assert placeholders["motion_timeout"] == "0:04:00"
    assert placeholders["door_timeout"] == "2:00:00"
    assert placeholders["trailing_timeout"] == "0:02:00"
    assert placeholders["sleep_motion_timeout"] == "0:07:00"  # the room's own
    assert placeholders["vacate_quiet"] == "0:00:10"
    shown = _section_suggestions(result["data_schema"], "timing")
    # Every field shows a value (an empty duration picker shows "NaN" boxes).
    assert set(shown) == {
        "motion_timeout",
        "trailing_timeout",
        "door_timeout",
        "recently_occupied_after",
        "extended_vacancy_after",
        "sleep_motion_timeout",
        "sleep_trailing_timeout",
        "vacate_quiet",
    }
    assert shown["motion_timeout"] == {"minutes": 7}  # the stored override
    assert shown["door_timeout"] == {"hours": 2, "minutes": 0, "seconds": 0}
    assert shown["vacate_quiet"] == {"hours": 0, "minutes": 0, "seconds": 10}


def _empty_duration_pickers(schema: vol.Schema, where: str = "") -> list[str]:
    """Duration pickers the form shows without a value, by path.

    The frontend fills an empty one's number boxes with NaN: the boxes read "NaN" and
    the browser logs 'The specified value "NaN" cannot be parsed' once a box.
    """
    empty = []
    for key, value in schema.schema.items():
        if isinstance(value, section):
            empty += _empty_duration_pickers(value.schema, f"{where}{key}.")
        elif isinstance(value, DurationSelector):
            shown = key.description and "suggested_value" in key.description
            if not shown and key.default is vol.UNDEFINED:
                empty.append(f"{where}{key}")
    return empty


async def test_no_duration_picker_is_shown_empty(hass: HomeAssistant) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room"),
            location(
                "box",
                "Box",
                door_sources=["binary_sensor.door"],
                wasp={"enabled": True, "max_duration": {"hours": 2}},
            ),
        ),
    )
    for subentry_id in (None, "room", "box"):
        result = await _location_form(hass, entry, subentry_id)
        assert _empty_duration_pickers(result["data_schema"]) == [], subentry_id
    result = await _location_form(hass, entry, "box")
    shown = _section_suggestions(result["data_schema"], "wasp")
    assert shown["max_duration"] == {"hours": 2}
    result = await _durations_form(hass, entry)
    assert _empty_duration_pickers(result["data_schema"]) == []


async def test_a_zero_longest_hold_means_until_a_door_opens(
    hass: HomeAssistant,
) -> None:
    """The picker shows 0:00:00 where no limit is set; submitted as is, none is set."""
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    zero = {"hours": 0, "minutes": 0, "seconds": 0}
    assert _section_suggestions(result["data_schema"], "wasp")["max_duration"] == zero
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            **BASE,
            "door_sources": ["binary_sensor.door"],
            "wasp": {"enabled": True, "max_duration": zero},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert "max_duration" not in result["data"]["wasp"]


async def test_untouched_timing_keeps_following_the_home(hass: HomeAssistant) -> None:
    entry = await setup_home(
        hass,
        home_entry(location("room", "Room", timing={"motion_timeout": {"minutes": 7}})),
    )
    result = await _location_form(hass, entry, "room")
    shown = _section_suggestions(result["data_schema"], "timing")
    # Submit what was shown, with one change: only real overrides are stored.
    timing = {**shown, "door_timeout": {"hours": 0, "minutes": 3, "seconds": 0}}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**BASE, "name": "Room", "timing": timing}
    )
    assert result["type"] is FlowResultType.ABORT
    assert entry.subentries["room"].data["timing"] == {
        "motion_timeout": {"minutes": 7},
        "door_timeout": {"hours": 0, "minutes": 3, "seconds": 0},
    }


async def test_tracker_aliases_are_stored_clean(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry())
    result = await _location_form(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            **BASE,
            "name": "Office",
            "tracker_aliases": [" office_desk ", "", "Office_Desk", "study"],
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["tracker_aliases"] == ["office_desk", "study"]
    await hass.async_block_till_done()
    spec = next(iter(entry.runtime_data.specs.values()))
    assert spec.tracker_aliases == ("office_desk", "study")


async def test_options_title_is_short(hass: HomeAssistant) -> None:
    """The options dialog's title shares a line with its help icon."""
    translations = await _translations(hass)
    title = translations["component.occupancy_manager.options.step.init.title"]
    assert len(title) <= 16


async def _translations(hass: HomeAssistant) -> dict[str, str]:
    return await async_get_translations(hass, "en", "options", ["occupancy_manager"])


_ANY_DURATION = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dictionaries(
        st.sampled_from(["days", "hours", "minutes", "seconds", "milliseconds", "x"]),
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(min_value=-(10**20), max_value=10**20),
            st.text(max_size=5),
        ),
        max_size=3,
    ),
)
_HOME_KEYS = st.sampled_from(
    [
        "default_timeout",
        "default_trailing_timeout",
        "door_timeout",
        "recently_occupied_after",
        "extended_vacancy_after",
        "unavailable_grace",
        "bounce_window",
    ]
)
_TIMING_KEYS = st.sampled_from(
    [
        "motion_timeout",
        "trailing_timeout",
        "door_timeout",
        "recently_occupied_after",
        "extended_vacancy_after",
        "sleep_motion_timeout",
        "sleep_trailing_timeout",
        "vacate_quiet",
    ]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    home=st.dictionaries(_HOME_KEYS, _ANY_DURATION, min_size=1, max_size=3),
    timing=st.dictionaries(_TIMING_KEYS, _ANY_DURATION, max_size=3),
)
async def test_fuzz_form_durations(
    hass: HomeAssistant, home: dict[str, Any], timing: dict[str, Any]
) -> None:
    """Any value: a form error that saves nothing, or saved and the home still runs."""
    entry = hass.config_entries.async_entries("occupancy_manager")
    if not entry:
        await setup_home(hass, home_entry(location("room", "Room")))
    entry = hass.config_entries.async_entries("occupancy_manager")[0]
    before = dict(entry.options)
    result = await _durations_form(hass, entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {k: v for k, v in home.items() if v is not None}
    )
    if result["type"] is FlowResultType.FORM:
        assert result["errors"]
        assert dict(entry.options) == before
    else:
        await hass.async_block_till_done()
        assert entry.state is config_entries.ConfigEntryState.LOADED

    subentries = len(entry.subentries)
    result = await _location_form(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {**BASE, "timing": {k: v for k, v in timing.items() if v is not None}},
    )
    if result["type"] is FlowResultType.FORM:
        assert result["errors"] == {"base": "timing_out_of_range"}
        assert len(entry.subentries) == subentries
    else:
        await hass.async_block_till_done()
        assert entry.state is config_entries.ConfigEntryState.LOADED
