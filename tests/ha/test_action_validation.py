"""Every action field at its boundary: a translated refusal that changes nothing.

Issue 11, items 5 and 6: ``source_id`` stripped the same way by every action, the
reserved prefix refused in words, and durations that used to raise OverflowError
(from ``cv.time_period`` or from the integration's own ``now + duration``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import selector
from hypothesis import HealthCheck, event, given, settings, strategies as st
import pytest
import yaml

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

KITCHEN = "binary_sensor.kitchen_occupancy"
TARGET = {"entity_id": KITCHEN}


@pytest.fixture
async def home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("house", "House"), location("kitchen", "Kitchen", parent="house")
        ),
    )


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(DOMAIN, service, {**TARGET, **data}, blocking=True)
    await hass.async_block_till_done()


def _states(hass: HomeAssistant) -> dict[str, Any]:
    return {s.entity_id: (s.state, dict(s.attributes)) for s in hass.states.async_all()}


def _attrs(hass: HomeAssistant) -> dict[str, Any]:
    return dict(hass.states.get(KITCHEN).attributes)


@pytest.mark.usefixtures("home")
async def test_trigger_strips_source_id_so_clear_finds_it(hass: HomeAssistant) -> None:
    # A YAML folded scalar ends in a newline: the room must not get stuck.
    await _call(hass, "trigger", source_id="cooking\n", indefinite=True)
    assert [c["source_id"] for c in _attrs(hass)["contributions"]] == ["cooking"]
    await _call(hass, "clear", source_id="  cooking ", trailing_timeout=0)
    assert hass.states.get(KITCHEN).state == "off"


@pytest.mark.usefixtures("home")
async def test_lock_and_unlock_strip_source_id(hass: HomeAssistant) -> None:
    await _call(hass, "lock", source_id="party\n")
    assert _attrs(hass)["locked_by"] == ["party"]
    await _call(hass, "unlock", source_id=" party")
    assert _attrs(hass)["locked_by"] == []


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize(
    ("service", "data", "key", "placeholders"),
    [
        ("trigger", {"source_id": "  "}, "source_id_required", {"action": "trigger"}),
        ("trigger", {"source_id": "\n"}, "source_id_required", {"action": "trigger"}),
        ("clear", {"source_id": "\t"}, "source_id_required", {"action": "clear"}),
        ("unlock", {"source_id": ""}, "source_id_required", {"action": "unlock"}),
        (
            "trigger",
            {"source_id": "location:kitchen"},
            "source_id_reserved",
            {"action": "trigger"},
        ),
        (
            "clear",
            {"source_id": "location:x"},
            "source_id_reserved",
            {"action": "clear"},
        ),
        (
            "lock",
            {"source_id": " location:x"},
            "source_id_reserved",
            {"action": "lock"},
        ),
        (
            "unlock",
            {"source_id": "location:x"},
            "source_id_reserved",
            {"action": "unlock"},
        ),
        ("lock", {"source_id": {"a": 1}}, "source_id_invalid", {"action": "lock"}),
        ("trigger", {"timeout": 0}, "duration_too_short", {"field": "timeout"}),
        ("trigger", {"timeout": -5}, "duration_too_short", {"field": "timeout"}),
        ("trigger", {"timeout": 0.5}, "duration_too_short", {"field": "timeout"}),
        ("trigger", {"timeout": "inf"}, "duration_invalid", {"field": "timeout"}),
        (
            "trigger",
            {"timeout": float("inf")},
            "duration_invalid",
            {"field": "timeout"},
        ),
        (
            "trigger",
            {"timeout": float("nan")},
            "duration_invalid",
            {"field": "timeout"},
        ),
        ("trigger", {"timeout": 1e15}, "duration_too_long", {"field": "timeout"}),
        ("trigger", {"timeout": 1e12}, "duration_too_long", {"field": "timeout"}),
        (
            "trigger",
            {"timeout": {"days": 3650000}},
            "duration_too_long",
            {"field": "timeout"},
        ),
        (
            "clear",
            {"source_id": "x", "trailing_timeout": 1e12},
            "duration_too_long",
            {"field": "trailing_timeout"},
        ),
        (
            "clear",
            {"source_id": "x", "trailing_timeout": -1},
            "duration_too_short_zero_ok",
            {"field": "trailing_timeout"},
        ),
        (
            "clear",
            {"source_id": "x", "trailing_timeout": "inf"},
            "duration_invalid",
            {"field": "trailing_timeout"},
        ),
        (
            "lock",
            {"source_id": "x", "duration": {"days": 3650000}},
            "duration_too_long",
            {"field": "duration"},
        ),
        (
            "lock",
            {"source_id": "x", "duration": 1e12},
            "duration_too_long",
            {"field": "duration"},
        ),
        (
            "lock",
            {"source_id": "x", "duration": 1e15},
            "duration_too_long",
            {"field": "duration"},
        ),
        (
            "lock",
            {"source_id": "x", "duration": 0},
            "duration_too_short",
            {"field": "duration"},
        ),
        ("lock", {"source_id": "x", "state": "asleep"}, "lock_state_invalid", None),
        (
            "trigger",
            {"indefinite": "maybe"},
            "value_not_boolean",
            {"field": "indefinite"},
        ),
        (
            "vacate",
            {"include_children": {"x": 1}},
            "value_not_boolean",
            {"field": "include_children"},
        ),
    ],
)
async def test_bad_fields_are_refused_in_words(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any],
    key: str,
    placeholders: dict[str, str] | None,
) -> None:
    await _call(hass, "trigger", source_id="held", indefinite=True)
    before = _states(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert err.value.translation_placeholders == placeholders
    # The sentence the user reads, with its placeholders filled in.
    message = str(err.value)
    assert message != key
    assert "{" not in message
    assert all(value in message for value in (placeholders or {}).values())
    assert _states(hass) == before


@pytest.mark.usefixtures("home")
async def test_longest_durations_are_accepted_and_run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "trigger", source_id="long", timeout={"days": 3650})
    await _call(hass, "lock", source_id="away", duration={"hours": 87600})
    await _call(hass, "clear", source_id="long", trailing_timeout={"days": 3650})
    await tick(hass, freezer, 3600)
    attrs = _attrs(hass)
    assert attrs["locked_by"] == ["away"]
    assert hass.states.get(KITCHEN).state == "on"


@pytest.mark.usefixtures("home")
async def test_durations_as_text_and_seconds(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "trigger", source_id="a", timeout="00:00:30")
    await _call(hass, "trigger", source_id="b", timeout=20)
    await tick(hass, freezer, 25)
    assert [c["source_id"] for c in _attrs(hass)["contributions"]] == ["a"]
    await tick(hass, freezer, 10)
    assert hass.states.get(KITCHEN).state == "off"


_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", " ", "\n", "manual", "cooking\n", " location:x", "location:", "inf"]
    ),
)
_NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 0.5, 1e12, 1e15, 315_360_000, 315_360_001]),
)
_UNITS = st.sampled_from(
    ["days", "hours", "minutes", "seconds", "milliseconds", "weeks"]
)
_DICT = st.dictionaries(_UNITS, st.one_of(_NUMBER, _TEXT), max_size=3)
_VALUE = st.one_of(
    st.none(), st.booleans(), _TEXT, _NUMBER, _DICT, st.lists(_TEXT, max_size=2)
)
_FIELDS = {
    "trigger": ("source_id", "timeout", "indefinite"),
    "clear": ("source_id", "trailing_timeout"),
    "vacate": ("include_children",),
    "lock": ("source_id", "state", "duration"),
    "unlock": ("source_id",),
}


@st.composite
def _calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    service = draw(st.sampled_from(sorted(_FIELDS)))
    fields = draw(st.sets(st.sampled_from(_FIELDS[service])))
    return service, {field: draw(_VALUE) for field in sorted(fields)}


@pytest.mark.usefixtures("home")
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(call=_calls())
async def test_fuzz_every_action_field(
    hass: HomeAssistant, call: tuple[str, dict[str, Any]]
) -> None:
    """Either a translated refusal that changes nothing, or success: never a crash."""
    service, data = call
    before = _states(hass)
    refused: ServiceValidationError | None = None
    try:
        await _call(hass, service, **data)
    except ServiceValidationError as err:
        refused = err
    event(f"{service}: {'refused' if refused else 'accepted'}")
    if refused is not None:
        assert refused.translation_domain == DOMAIN
        assert refused.translation_key
        assert _states(hass) == before
    # Whatever was accepted must not break the home later (timers, unlocks).
    await _call(hass, "unlock_all")
    await _call(hass, "vacate", include_children=True)


def test_services_yaml_selectors_follow_the_bounds() -> None:
    """The UI offers no sign for durations, and days for the long ones."""
    path = Path(__file__).parents[2] / "custom_components" / DOMAIN / "services.yaml"
    services = yaml.safe_load(path.read_text(encoding="utf-8"))
    durations = {}
    for service, description in services.items():
        for field, spec in (description.get("fields") or {}).items():
            selector.validate_selector(spec["selector"])
            if "duration" in spec["selector"]:
                durations[f"{service}.{field}"] = spec["selector"]["duration"]
    assert set(durations) == {
        "trigger.timeout",
        "clear.trailing_timeout",
        "lock.duration",
    }
    for config in durations.values():
        assert config == {"enable_day": True, "allow_negative": False}


def test_every_refusal_is_translated() -> None:
    path = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
    strings = json.loads((path / "en.json").read_text(encoding="utf-8"))
    keys = {
        "duration_invalid",
        "duration_too_short",
        "duration_too_short_zero_ok",
        "duration_too_long",
        "source_id_required",
        "source_id_reserved",
        "source_id_invalid",
        "value_not_boolean",
        "lock_state_invalid",
        "timeout_and_indefinite",
    }
    assert keys <= set(strings["exceptions"])
    assert set(strings["options"]["error"]) == {
        "duration_invalid",
        "duration_too_short",
        "duration_too_short_zero_ok",
        "duration_too_long",
    }
    assert {
        "entity_in_two_kinds",
        "timing_out_of_range",
        "wasp_out_of_range",
        "wasp_needs_door",
        "follow_parent_needs_parent",
    } <= set(strings["config_subentries"]["location"]["error"])
