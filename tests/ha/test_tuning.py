"""Tuning: transitions in, false-vacancy counts and advice issues out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.engine import (
    ConfigError,
    Ladder,
    LocationState,
    OccupancyEngine,
    Transition,
)
from custom_components.occupancy_manager.issues import false_vacancies_issue_id
from custom_components.occupancy_manager.locations import HomeTiming, parse_location
from custom_components.occupancy_manager.tuning import Tuning

from .common import home_entry, location, setup_home, tick

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
MOTION = "binary_sensor.bath_motion"
ENTRY = "home1"
ISSUE = false_vacancies_issue_id(ENTRY, "bathroom")
HOME = HomeTiming.from_options({})


def bathroom(minutes: int = 2, **data: object) -> dict[str, object]:
    spec = parse_location(
        "bathroom",
        "Bathroom",
        {
            "motion_sources": [MOTION],
            "vacate_sources": ["light.bath"],
            "timing": {"motion_timeout": {"minutes": minutes}},
            **data,
        },
        HOME,
    )
    return {"bathroom": spec}


def flip(occupied: bool, reason: str, at: datetime) -> Transition:
    vacant = LocationState(
        location_id="bathroom",
        occupied=False,
        ladder=Ladder.VACANT,
        vacant_since=at,
    )
    busy = LocationState(
        location_id="bathroom",
        occupied=True,
        ladder=Ladder.OCCUPIED,
        occupied_since=at,
    )
    return Transition(
        location_id="bathroom",
        reason=reason,
        previous=vacant if occupied else busy,
        current=busy if occupied else vacant,
    )


def bounce(tuning: Tuning, at: datetime, gap: timedelta) -> None:
    tuning.observe(flip(False, f"expired:{MOTION}", at), at)
    tuning.observe(flip(True, f"trigger:{MOTION}", at + gap), at + gap)


@pytest.fixture
def changed() -> list[str]:
    return []


@pytest.fixture
def tuning(
    hass: HomeAssistant, changed: list[str], freezer: FrozenDateTimeFactory
) -> Tuning:
    # Tuning reads Home Assistant's clock (refresh, load): the tests' moments are
    # T0 onwards, so the clock is too, whatever today's date is.
    freezer.move_to(T0)
    tuning = Tuning(
        hass,
        ENTRY,
        bathroom(),
        window=timedelta(minutes=2),
        changed=changed.append,
    )
    tuning.async_start()
    return tuning


async def test_three_bounces_raise_the_advice(
    hass: HomeAssistant, tuning: Tuning, issue_registry: ir.IssueRegistry
) -> None:
    bounce(tuning, T0, timedelta(seconds=40))
    bounce(tuning, T0 + timedelta(hours=3), timedelta(seconds=75))
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    bounce(tuning, T0 + timedelta(hours=6), timedelta(seconds=20))
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.translation_placeholders["proposed"] == "4:00"
    assert issue.translation_placeholders["count"] == "3"
    now = T0 + timedelta(hours=7)
    assert tuning.count("bathroom", now) == 3
    assert tuning.report("bathroom", now)[0] == {
        "at": (T0 + timedelta(hours=6, seconds=20)).isoformat(),
        "gap": 20.0,
    }


async def test_what_does_not_count(
    hass: HomeAssistant, tuning: Tuning, issue_registry: ir.IssueRegistry
) -> None:
    at = T0
    for vacated, occupied in [
        ("vacate", f"trigger:{MOTION}"),  # the light switched off: deliberate
        (f"expired:{MOTION}", "trigger:manual"),  # an action
        (f"expired:{MOTION}", "trigger:light.bath"),  # a vacate source is no sensor
        (f"expired:{MOTION}", "child:shower"),
        ("lock:away", "unlock:away"),
    ]:
        tuning.observe(flip(False, vacated, at), at)
        tuning.observe(flip(True, occupied, at + timedelta(seconds=10)), at)
        at += timedelta(hours=1)
    # A ladder change is not a flip; an unknown location is not ours.
    ladder = flip(True, "ladder", at)
    assert (
        tuning.observe(
            Transition(
                location_id="bathroom",
                reason="ladder",
                previous=ladder.current,
                current=ladder.current,
            ),
            at,
        )
        is None
    )
    other = flip(True, f"trigger:{MOTION}", at)
    assert (
        tuning.observe(
            Transition(
                location_id="gone",
                reason=other.reason,
                previous=other.previous,
                current=other.current,
            ),
            at,
        )
        is None
    )
    assert tuning.count("bathroom", at) == 0


async def test_a_vacancy_an_action_caused_is_no_false_one(
    hass: HomeAssistant, tuning: Tuning
) -> None:
    # README: a false vacancy is the location's own timings running out; an action's
    # timeout ("cooking" for 45 minutes) or its clear is someone's decision, and a
    # longer motion timeout, what the advice proposes, would not have changed it.
    at = T0
    for vacated in ("expired:cooking", "clear:cooking", "expired:manual"):
        tuning.observe(flip(False, vacated, at), at)
        later = at + timedelta(seconds=10)
        assert tuning.observe(flip(True, f"trigger:{MOTION}", later), later) is None
        at += timedelta(hours=1)
    assert tuning.count("bathroom", at) == 0
    # The location's own sensor letting go at once still arms the watch.
    tuning.observe(flip(False, f"clear:{MOTION}", at), at)
    later = at + timedelta(seconds=10)
    assert tuning.observe(flip(True, f"trigger:{MOTION}", later), later) is not None


async def test_wasp_counts_when_the_box_is_on(hass: HomeAssistant) -> None:
    specs = bathroom(wasp={"enabled": True}, door_sources=["binary_sensor.door"])
    tuning = Tuning(hass, ENTRY, specs, window=timedelta(minutes=2))
    tuning.observe(flip(False, f"expired:{MOTION}", T0), T0)
    later = T0 + timedelta(seconds=30)
    assert tuning.observe(flip(True, "trigger:wasp", later), later) is not None


async def test_applying_the_timeout_clears_the_advice(
    hass: HomeAssistant, tuning: Tuning, issue_registry: ir.IssueRegistry
) -> None:
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    tuning.configure(bathroom(minutes=3), timedelta(minutes=2))
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert tuning.count("bathroom", T0 + timedelta(hours=3)) == 3


async def test_sleep_timeout_is_recorded(hass: HomeAssistant, tuning: Tuning) -> None:
    tuning.observe(flip(False, f"expired:{MOTION}", T0), T0)
    later = T0 + timedelta(seconds=30)
    found = tuning.observe(
        flip(True, f"trigger:{MOTION}", later), later, timedelta(minutes=10)
    )
    assert found is not None
    assert found.timeout == timedelta(minutes=10)


async def test_dismissal_silences_for_thirty_days(
    hass: HomeAssistant,
    tuning: Tuning,
    issue_registry: ir.IssueRegistry,
    changed: list[str],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(T0)
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    ir.async_ignore_issue(hass, DOMAIN, ISSUE, True)
    await hass.async_block_till_done()
    assert changed == ["bathroom"]
    saved = tuning.to_json(T0 + timedelta(hours=3))
    assert (
        saved["locations"]["bathroom"]["silenced_until"]
        == (T0 + timedelta(days=30)).isoformat()
    )
    # More bounces, days later: the issue stays as the user left it.
    for day in range(1, 25):
        for hours in (0, 1, 2):
            at = T0 + timedelta(days=day, hours=hours)
            freezer.move_to(at)
            bounce(tuning, at, timedelta(seconds=90))
        issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
        assert issue is not None
        assert issue.dismissed_version is not None
    # The silence ends while it still bounces: a fresh, visible advice.
    end = T0 + timedelta(days=30)
    freezer.move_to(end)
    assert tuning.next_deadline(end - timedelta(days=1)) is not None
    for hours in (0, 1, 2):
        bounce(tuning, end + timedelta(hours=hours), timedelta(seconds=90))
    assert tuning.next_deadline(end - timedelta(hours=1)) == end
    tuning.advance(end + timedelta(hours=3))
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.dismissed_version is None
    assert issue.translation_placeholders["proposed"] == "4:00"
    assert changed[-1] == "bathroom"


async def test_unignoring_ends_the_silence(
    hass: HomeAssistant, tuning: Tuning, changed: list[str]
) -> None:
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    ir.async_ignore_issue(hass, DOMAIN, ISSUE, True)
    ir.async_ignore_issue(hass, DOMAIN, ISSUE, False)
    await hass.async_block_till_done()
    assert changed == ["bathroom", "bathroom"]
    assert not tuning.vacancies.silenced("bathroom", T0 + timedelta(hours=3))


async def test_counts_age_out_at_the_deadline(
    hass: HomeAssistant,
    tuning: Tuning,
    issue_registry: ir.IssueRegistry,
    changed: list[str],
) -> None:
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    first = tuning.next_deadline(T0 + timedelta(hours=3))
    assert first == T0 + timedelta(days=7, seconds=40)
    changed.clear()
    tuning.advance(first - timedelta(seconds=1))  # another part's timer: not ours
    assert changed == []
    tuning.advance(first)
    assert changed == ["bathroom"]
    assert tuning.count("bathroom", first) == 2
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    tuning.next_deadline(first)
    tuning.advance(first)  # nothing new
    assert changed == ["bathroom"]


async def test_saved_record_restores_and_deleted_locations_go(
    hass: HomeAssistant, tuning: Tuning, issue_registry: ir.IssueRegistry
) -> None:
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    saved = tuning.to_json(T0 + timedelta(hours=3))
    tuning.async_stop()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None
    restored = Tuning(hass, ENTRY, bathroom(), window=timedelta(minutes=2))
    restored.load(saved)
    assert restored.count("bathroom", T0 + timedelta(hours=3)) == 3
    restored.async_start()
    restored.configure({}, timedelta(minutes=2))
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert restored.count("bathroom", T0 + timedelta(hours=3)) == 0
    restored.async_stop()


async def test_removing_the_home_removes_its_advice(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(T0)
    entry = await setup_home(
        hass,
        home_entry(location("bathroom", "Bathroom", motion_sources=[MOTION])),
    )
    tuning = entry.runtime_data.tuning
    tuning.vacancies.window = timedelta(days=1)
    for hours in (0, 1, 2):
        bounce(tuning, T0 + timedelta(hours=hours), timedelta(seconds=40))
    issue_id = false_vacancies_issue_id(entry.entry_id, "bathroom")
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    # An unload (a reload, a restart) keeps it...
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    # ...removing the home does not.
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def _home_with_advice(hass: HomeAssistant) -> tuple[MockConfigEntry, str]:
    entry = await setup_home(
        hass,
        home_entry(
            location("bathroom", "Bathroom", motion_sources=[MOTION]),
            location("kitchen", "Kitchen"),
        ),
    )
    tuning = entry.runtime_data.tuning
    now = dt_util.utcnow()
    for hours in (3, 2, 1):
        bounce(tuning, now - timedelta(hours=hours), timedelta(seconds=40))
    return entry, false_vacancies_issue_id(entry.entry_id, "bathroom")


async def test_an_edit_the_engine_refuses_leaves_the_record_and_advice(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, issue_id = await _home_with_advice(hass)
    shell = entry.runtime_data

    def _refuse(*_args: object) -> None:
        raise ConfigError("refused")

    monkeypatch.setattr(OccupancyEngine, "reconfigure", _refuse)
    without_bathroom = {"kitchen": shell.specs["kitchen"]}
    with pytest.raises(ConfigError):
        shell.reconfigure(without_bathroom, shell.sensing.settings)
    assert shell.tuning.count("bathroom", dt_util.utcnow()) == 3
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None


async def test_an_edit_that_changes_nothing_leaves_the_tuning_alone(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry, issue_id = await _home_with_advice(hass)
    shell = entry.runtime_data
    configured: list[object] = []
    monkeypatch.setattr(
        shell.tuning, "configure", lambda *args: configured.append(args)
    )
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    shell.reconfigure(dict(shell.specs), shell.sensing.settings)
    assert configured == []
    # A changed bounce window is the tuning's own option: that one it follows.
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "bounce_window": {"minutes": 5}}
    )
    await hass.async_block_till_done()
    assert len(configured) == 1


async def test_the_home_feed_hears_a_dismissal_and_counts_ageing_out(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # The card shows each location's false vacancies: before the fix the home feed
    # (async_add_home_listener) heard of neither change, only the entities did.
    entry, issue_id = await _home_with_advice(hass)
    heard: list[set[str]] = []
    entry.runtime_data.async_add_home_listener(heard.append)
    ir.async_ignore_issue(hass, DOMAIN, issue_id, True)
    await hass.async_block_till_done()
    assert heard == [{"bathroom"}]
    await tick(hass, freezer, 2 * 3600)  # the ladder steps, then only the counts
    assert entry.runtime_data.tuning.count("bathroom", dt_util.utcnow()) == 3
    heard.clear()
    await tick(hass, freezer, 7 * 24 * 3600)
    assert entry.runtime_data.tuning.count("bathroom", dt_util.utcnow()) == 0
    assert heard == [{"bathroom"}]
