"""Our actions check a user's permissions, as Home Assistant's entity actions do.

``helpers/service.py`` (``entity_service_call``, 2025.4 and 2026.10 alike): a call
by a user who is not an admin needs the control permission on every entity it
references, or it raises ``Unauthorized`` and does nothing; ``entity_id: all``
acts on the entities the user may control; an unknown user is ``UnknownUser``; a
call with no user (an automation) is not checked.
"""

from __future__ import annotations

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import area_registry as ar, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockUser

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"
HALL = "binary_sensor.hall_occupancy"
FLOOR = "binary_sensor.floor_occupancy"


async def _home(hass: HomeAssistant) -> None:
    await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("kitchen", "Kitchen", parent="floor", contributes_to_parent=False),
            location("hall", "Hall", parent="floor", contributes_to_parent=False),
        ),
    )


def _on(hass: HomeAssistant) -> set[str]:
    return {
        entity_id
        for entity_id in (KITCHEN, HALL, FLOOR)
        if hass.states.get(entity_id).state == "on"
    }


def _kitchen_only(hass: HomeAssistant) -> MockUser:
    user = MockUser(groups=[]).add_to_hass(hass)
    user.mock_policy({"entities": {"entity_ids": {KITCHEN: True}}})
    return user


async def _trigger(hass: HomeAssistant, target: object, user_id: str | None) -> None:
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": target, "indefinite": True},
        blocking=True,
        context=Context(user_id=user_id),
    )


async def test_a_user_without_control_is_refused_and_nothing_changes(
    hass: HomeAssistant, hass_read_only_user: MockUser
) -> None:
    await _home(hass)
    with pytest.raises(Unauthorized):
        await _trigger(hass, KITCHEN, hass_read_only_user.id)
    assert _on(hass) == set()


async def test_one_entity_the_user_may_not_control_refuses_the_whole_call(
    hass: HomeAssistant,
) -> None:
    await _home(hass)
    user = _kitchen_only(hass)
    with pytest.raises(Unauthorized):
        await _trigger(hass, [KITCHEN, HALL], user.id)
    assert _on(hass) == set()
    await _trigger(hass, KITCHEN, user.id)
    assert _on(hass) == {KITCHEN}


async def test_all_acts_on_what_the_user_may_control(hass: HomeAssistant) -> None:
    await _home(hass)
    user = _kitchen_only(hass)
    await _trigger(hass, "all", user.id)
    assert _on(hass) == {KITCHEN}
    await hass.services.async_call(
        DOMAIN,
        "vacate",
        {"entity_id": "all"},
        blocking=True,
        context=Context(user_id=user.id),
    )
    assert _on(hass) == set()


@pytest.mark.parametrize("admin", [True, False])
async def test_an_admin_or_no_user_is_not_checked(
    hass: HomeAssistant, hass_admin_user: MockUser, admin: bool
) -> None:
    await _home(hass)
    await _trigger(hass, [KITCHEN, HALL], hass_admin_user.id if admin else None)
    assert _on(hass) == {KITCHEN, HALL}


async def test_an_unknown_user_is_refused(hass: HomeAssistant) -> None:
    await _home(hass)
    with pytest.raises(UnknownUser):
        await _trigger(hass, KITCHEN, "no-such-user")
    assert _on(hass) == set()


async def test_reading_needs_control_too(
    hass: HomeAssistant, hass_read_only_user: MockUser
) -> None:
    """As for ``weather.get_forecasts``: an entity action with a response."""
    await _home(hass)
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "get_occupancy",
            {"entity_id": KITCHEN},
            blocking=True,
            return_response=True,
            context=Context(user_id=hass_read_only_user.id),
        )
    user = _kitchen_only(hass)
    report = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": "all"},
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id),
    )
    assert set(report) == {KITCHEN}


async def test_an_area_with_an_entity_the_user_may_not_control_is_refused(
    hass: HomeAssistant,
) -> None:
    """As core: every entity the target references, not only ours."""
    await _home(hass)
    area = ar.async_get(hass).async_create("Kitchen area")
    registry = er.async_get(hass)
    registry.async_update_entity(KITCHEN, area_id=area.id)
    light = registry.async_get_or_create("light", "test", "k", suggested_object_id="k")
    registry.async_update_entity(light.entity_id, area_id=area.id)
    user = _kitchen_only(hass)
    with pytest.raises(Unauthorized):
        await _trigger_area(hass, area.id, user.id)
    assert _on(hass) == set()
    user.mock_policy(
        {"entities": {"entity_ids": {KITCHEN: True, light.entity_id: True}}}
    )
    await _trigger_area(hass, area.id, user.id)
    assert _on(hass) == {KITCHEN}


async def _trigger_area(hass: HomeAssistant, area_id: str, user_id: str) -> None:
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"area_id": area_id, "indefinite": True},
        blocking=True,
        context=Context(user_id=user_id),
    )


async def _all_by(
    hass: HomeAssistant, user: MockUser, action: str, **data: object
) -> None:
    await hass.services.async_call(
        DOMAIN,
        action,
        {"entity_id": "all", **data},
        blocking=True,
        return_response=action == "get_occupancy",
        context=Context(user_id=user.id),
    )


@pytest.mark.parametrize("action", ["trigger", "vacate", "lock", "unlock_all"])
async def test_all_by_a_user_allowed_no_location_does_nothing(
    hass: HomeAssistant, hass_read_only_user: MockUser, action: str
) -> None:
    """As ``light.turn_on`` with ``entity_id: all`` for that user: no error, no change.

    ``entity_service_call`` (2025.4 and 2026.10): ``all`` is the entities the user
    may control; none is nothing to do, except for an action that must answer.
    """
    await _home(hass)
    data = {"source_id": "away"} if action == "lock" else {}
    await _all_by(hass, hass_read_only_user, action, **data)
    assert _on(hass) == set()
    assert hass.states.get(KITCHEN).attributes["locked_by"] == []


@pytest.mark.parametrize(
    ("action", "data", "error"),
    [
        # It must answer: as core refuses a response that matched no entity.
        ("get_occupancy", {}, "no_location_targeted"),
        # What it was given is checked all the same.
        ("trigger", {"indefinite": True, "timeout": 60}, "timeout_and_indefinite"),
    ],
)
async def test_all_by_a_user_allowed_no_location_is_refused_in_words(
    hass: HomeAssistant,
    hass_read_only_user: MockUser,
    action: str,
    data: dict[str, object],
    error: str,
) -> None:
    await _home(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _all_by(hass, hass_read_only_user, action, **data)
    assert err.value.translation_key == error
