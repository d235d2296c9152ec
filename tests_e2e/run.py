"""End-to-end test of Occupancy Manager against a real Home Assistant process.

Run through ``scripts/e2e`` (it provides the virtual environment with the pinned Home
Assistant). Standard library only: a temporary config directory with input_booleans
played as sensors (mirrored by template binary sensors), Home Assistant started on a
free port of 127.0.0.1, onboarding and login through its own auth API, the home and
two locations added through the config and subentry flow REST endpoints as the
frontend does, then occupancy checked from the states API, across a stop and start.

Exits non-zero on the first failed check; the last line is ``e2e: N passed, M failed``.
Set ``E2E_KEEP=1`` to keep the temporary directory (it is always kept on failure).
"""

from __future__ import annotations

import os
from pathlib import Path
import re
import shutil
import sys
import tempfile
import time
from typing import Any

from hass_process import CheckFailed, HomeAssistant, free_port, log, wait_for

ROOT = Path(__file__).resolve().parent.parent
COMPONENT = ROOT / "custom_components" / "occupancy_manager"
DOMAIN = "occupancy_manager"


MOTION_TIMEOUT = 5  # seconds: Kitchen's motion timeout
TRAILING_TIMEOUT = 3  # seconds: Office's trailing time
TOLERANCE = 1.0  # seconds a timer may seem to end early (polling, clock reads)

# "2025-04-01 12:00:00.000 ERROR (MainThread) [custom_components.x] message"
LOG_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \S+ (?P<level>[A-Z]+) \(.*?\) \[(?P<logger>[^\]]+)\]"
)

KITCHEN = "binary_sensor.kitchen_occupancy"
OFFICE = "binary_sensor.office_occupancy"


CONFIGURATION = """\
# Written by tests_e2e/run.py: only what the test needs (no default_config).
homeassistant:
  name: E2E home
  latitude: 52.37
  longitude: 4.89
  elevation: 0
  unit_system: metric
  time_zone: UTC
  currency: EUR
  country: NL

http:
  server_host: 127.0.0.1
  server_port: {port}

api:
config:
onboarding:

logger:
  default: warning
  logs:
    custom_components.occupancy_manager: debug

counter:
  occupied_again:
    name: Occupied again
  went_unavailable:
    name: Went unavailable

# What a user's automations would do: count every "became occupied" and every
# "unavailable" of the locations (an edit must cause neither).
automation:
  - alias: Count occupied
    triggers:
      - trigger: state
        entity_id: [binary_sensor.kitchen_occupancy, binary_sensor.office_occupancy]
        to: "on"
    actions:
      - action: counter.increment
        target:
          entity_id: counter.occupied_again
  - alias: Count unavailable
    triggers:
      - trigger: state
        entity_id:
          - binary_sensor.kitchen_occupancy
          - binary_sensor.office_occupancy
          - sensor.kitchen_occupancy_state
          - sensor.office_occupancy_state
        to: "unavailable"
    actions:
      - action: counter.increment
        target:
          entity_id: counter.went_unavailable

input_boolean:
  kitchen_motion:
    name: Kitchen motion switch
  office_presence:
    name: Office presence switch

template:
  - binary_sensor:
      - name: Kitchen motion
        unique_id: e2e_kitchen_motion
        device_class: motion
        state: "{{{{ is_state('input_boolean.kitchen_motion', 'on') }}}}"
      - name: Office presence
        unique_id: e2e_office_presence
        device_class: occupancy
        state: "{{{{ is_state('input_boolean.office_presence', 'on') }}}}"
"""


def wait_state(ha: HomeAssistant, entity_id: str, want: str) -> float:
    """Wait until the entity has state ``want``; the seconds it took."""
    seen: list[str | None] = []

    def _has() -> bool:
        seen.append(ha.state(entity_id))
        return seen[-1] == want

    try:
        return wait_for(_has, f"{entity_id} to be {want!r}")
    except CheckFailed as err:
        raise CheckFailed(f"{err} (last state {seen[-1] if seen else None!r})") from err


def expect_state(ha: HomeAssistant, entity_id: str, want: str) -> None:
    """The entity has state ``want`` now."""
    if (got := ha.state(entity_id)) != want:
        raise CheckFailed(f"{entity_id} is {got!r}, expected {want!r}")


def add_home(ha: HomeAssistant) -> str:
    """The config flow's user step; the new entry's id."""
    flow = ha.call(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    if flow.get("type") != "form" or flow.get("step_id") != "user":
        raise CheckFailed(f"expected the user form, got {flow}")
    result = ha.call(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"name": "the home", "import_areas": False},
    )
    if result.get("type") != "create_entry":
        raise CheckFailed(f"expected create_entry, got {result}")
    entry = result["result"]
    if entry.get("title") != "the home" or entry.get("state") != "loaded":
        raise CheckFailed(f"unexpected entry {entry}")
    return str(entry["entry_id"])


def add_location(ha: HomeAssistant, entry_id: str, data: dict[str, Any]) -> None:
    """The location subentry flow's user step, with the sections the form shows."""
    flow = ha.call(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, "location"], "show_advanced_options": False},
    )
    if flow.get("type") != "form" or flow.get("step_id") != "user":
        raise CheckFailed(f"expected the location form, got {flow}")
    fields = {field["name"] for field in flow.get("data_schema", [])}
    if not {"name", "motion_sources", "presence_sources", "timing"} <= fields:
        raise CheckFailed(f"location form lacks fields: {sorted(fields)}")
    form = {
        "strategy": "independent",
        "contributes_to_parent": True,
        "wasp": {},
        "actions": {},
        **data,
    }
    result = ha.call(
        "POST", f"/api/config/config_entries/subentries/flow/{flow['flow_id']}", form
    )
    if result.get("type") != "create_entry" or result.get("title") != data["name"]:
        raise CheckFailed(f"expected create_entry {data['name']!r}, got {result}")


def location_id(ha: HomeAssistant, entity_id: str) -> str:
    """A location's id (its subentry id), from its occupancy sensor."""
    return str(ha.get(f"/api/states/{entity_id}")["attributes"]["location_id"])


def edit_location(
    ha: HomeAssistant, entry_id: str, subentry_id: str, data: dict[str, Any]
) -> None:
    """The location subentry's reconfigure flow, as the frontend's edit dialog runs it."""
    flow = ha.call(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, "location"], "subentry_id": subentry_id},
    )
    if flow.get("type") != "form" or flow.get("step_id") != "reconfigure":
        raise CheckFailed(f"expected the reconfigure form, got {flow}")
    form = {
        "strategy": "independent",
        "contributes_to_parent": True,
        "wasp": {},
        "actions": {},
        **data,
    }
    result = ha.call(
        "POST", f"/api/config/config_entries/subentries/flow/{flow['flow_id']}", form
    )
    if result.get("type") != "abort" or result.get("reason") != "location_updated":
        raise CheckFailed(f"expected location_updated, got {result}")


def counter(ha: HomeAssistant, entity_id: str) -> int:
    """A counter's value."""
    return int(ha.state(entity_id) or 0)


def seconds(value: int) -> dict[str, int]:
    """A duration as the duration selector sends it."""
    return {"hours": 0, "minutes": 0, "seconds": value}


def run(ha: HomeAssistant, check: Checks) -> None:
    """The scenario; each ``with check(...)`` is one counted check."""
    with check("start and onboard through the auth API"):
        ha.start()
        ha.onboard()
        ha.wait_running()
        user = ha.get("/api/")
        log(f"logged in: {user}")

    with check("add the home through the config flow"):
        entry_id = add_home(ha)
        log(f"entry {entry_id}")

    with check("add Kitchen and Office through the subentry flow"):
        add_location(
            ha,
            entry_id,
            {
                "name": "Kitchen",
                "motion_sources": ["binary_sensor.kitchen_motion"],
                "timing": {"motion_timeout": seconds(MOTION_TIMEOUT)},
            },
        )
        add_location(
            ha,
            entry_id,
            {
                "name": "Office",
                "presence_sources": ["binary_sensor.office_presence"],
                "timing": {"trailing_timeout": seconds(TRAILING_TIMEOUT)},
            },
        )
        wait_state(ha, KITCHEN, "off")
        wait_state(ha, OFFICE, "off")

    with check(f"motion occupies Kitchen for its {MOTION_TIMEOUT} s timeout"):
        started = time.monotonic()
        ha.service("input_boolean", "turn_on", entity_id="input_boolean.kitchen_motion")
        wait_state(ha, KITCHEN, "on")
        # Motion turning off is ignored: the timeout ends the occupancy.
        ha.service(
            "input_boolean", "turn_off", entity_id="input_boolean.kitchen_motion"
        )
        expect_state(ha, KITCHEN, "on")
        wait_state(ha, KITCHEN, "off")
        took = time.monotonic() - started
        if took < MOTION_TIMEOUT - TOLERANCE:
            raise CheckFailed(f"Kitchen cleared after {took:.1f} s, before its timeout")
        log(f"Kitchen vacant {took:.1f} s after motion")

    with check("presence holds Office; a manual trigger holds Kitchen"):
        ha.service(
            "input_boolean", "turn_on", entity_id="input_boolean.office_presence"
        )
        wait_state(ha, OFFICE, "on")
        ha.service(
            DOMAIN, "trigger", entity_id=KITCHEN, source_id="e2e", indefinite=True
        )
        wait_state(ha, KITCHEN, "on")
        time.sleep(
            MOTION_TIMEOUT + TOLERANCE
        )  # longer than any timer that could end it
        expect_state(ha, OFFICE, "on")
        expect_state(ha, KITCHEN, "on")

    with check("editing locations of an occupied home changes nothing users see"):
        occupied_before = counter(ha, "counter.occupied_again")
        kitchen_id, office_id = location_id(ha, KITCHEN), location_id(ha, OFFICE)
        edit_location(
            ha,
            entry_id,
            kitchen_id,
            {
                "name": "Kitchen",
                "motion_sources": ["binary_sensor.kitchen_motion"],
                "timing": {"motion_timeout": seconds(MOTION_TIMEOUT + 1)},
            },
        )
        edit_location(
            ha,
            entry_id,
            office_id,
            {
                "name": "Study",
                "presence_sources": ["binary_sensor.office_presence"],
                "timing": {"trailing_timeout": seconds(TRAILING_TIMEOUT)},
            },
        )
        # The device is renamed with its location: so is the entity's friendly name.
        wait_for(
            lambda: (
                ha.get(f"/api/states/{OFFICE}")["attributes"].get("friendly_name")
                == "Study Occupancy"
            ),
            "Office's occupancy to show its new name",
        )
        time.sleep(1)  # room for anything the edit could still cause
        expect_state(ha, KITCHEN, "on")
        expect_state(ha, OFFICE, "on")
        if went := counter(ha, "counter.went_unavailable"):
            raise CheckFailed(f"locations went unavailable {went} times")
        if (again := counter(ha, "counter.occupied_again")) != occupied_before:
            raise CheckFailed(
                f"'to: on' automations fired {again - occupied_before} times"
            )

    with check("occupancy survives a stop and start"):
        started = time.monotonic()
        code = ha.stop()
        log(f"stopped with exit code {code} in {time.monotonic() - started:.1f} s")
        if code != 0:
            raise CheckFailed(f"Home Assistant exited with code {code} on SIGTERM")
        stored = list((ha.config_dir / ".storage").glob(f"{DOMAIN}*"))
        log(f"stored: {[path.name for path in stored]}")
        ha.start()
        ha.token(
            {"grant_type": "refresh_token", "refresh_token": ha.refresh_token or ""}
        )
        ha.wait_running()
        # Only the saved state can bring Kitchen back: its one source is off.
        wait_state(ha, KITCHEN, "on")
        wait_state(ha, OFFICE, "on")
        expect_state(ha, "input_boolean.kitchen_motion", "off")

    with check(
        f"presence off clears Office after its {TRAILING_TIMEOUT} s trailing time"
    ):
        ha.service(
            DOMAIN, "clear", entity_id=KITCHEN, source_id="e2e", trailing_timeout=0
        )
        wait_state(ha, KITCHEN, "off")
        started = time.monotonic()
        ha.service(
            "input_boolean", "turn_off", entity_id="input_boolean.office_presence"
        )
        expect_state(ha, OFFICE, "on")
        wait_state(ha, OFFICE, "off")
        took = time.monotonic() - started
        if took < TRAILING_TIMEOUT - TOLERANCE:
            raise CheckFailed(
                f"Office cleared after {took:.1f} s, before its trailing time"
            )
        log(f"Office vacant {took:.1f} s after presence ended")

    with check("a clean stop, and no error of the integration in the logs"):
        if (code := ha.stop()) != 0:
            raise CheckFailed(f"Home Assistant exited with code {code} on SIGTERM")
        if errors := integration_errors(ha.config_dir):
            raise CheckFailed("the integration logged errors:\n" + "\n".join(errors))


class Checks:
    """Counts checks; the first failure stops the scenario."""

    def __init__(self) -> None:
        """No checks yet."""
        self.passed = 0
        self.failed = 0
        self._name = ""
        self._started = 0.0

    def __call__(self, name: str) -> Checks:
        """Use as ``with checks("what"):``."""
        self._name = name
        return self

    def __enter__(self) -> None:
        """Start timing the check."""
        self._started = time.monotonic()
        log(f"check: {self._name}")

    def __exit__(self, exc_type: object, exc: object, _tb: object) -> bool:
        """Count the outcome; let failures propagate to stop the scenario."""
        took = time.monotonic() - self._started
        if exc is None:
            self.passed += 1
            log(f"PASS  {self._name} ({took:.1f} s)")
        else:
            self.failed += 1
            what = (
                exc if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"
            )
            log(f"FAIL  {self._name} ({took:.1f} s): {what}")
        return False


def integration_errors(config_dir: Path) -> list[str]:
    """First lines of every run's ERROR records that come from the integration."""
    found: list[str] = []
    for output in sorted(config_dir.glob("hass-output-*.txt")):
        records: list[list[str]] = []
        for line in output.read_text(errors="replace").splitlines():
            if LOG_RECORD.match(line) or not records:
                records.append([line])
            else:
                records[-1].append(line)  # a traceback or a multi-line message
        for record in records:
            head = LOG_RECORD.match(record[0])
            if not head or head["level"] not in {"ERROR", "CRITICAL"}:
                continue
            if DOMAIN in head["logger"] or any(
                f"custom_components/{DOMAIN}" in line for line in record
            ):
                found.append(f"{output.name}: {record[0]}")
    return found


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a text file ('' when it does not exist)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def main() -> int:
    """Run the scenario on a fresh temporary config directory."""
    if not (COMPONENT / "manifest.json").is_file():
        log(f"integration not found at {COMPONENT}")
        return 2
    started = time.monotonic()
    config_dir = Path(tempfile.mkdtemp(prefix="occupancy-e2e-"))
    port = free_port()
    (config_dir / "configuration.yaml").write_text(CONFIGURATION.format(port=port))
    (config_dir / "custom_components").mkdir()
    (config_dir / "custom_components" / DOMAIN).symlink_to(COMPONENT)
    log(f"config {config_dir}, http://127.0.0.1:{port}")

    ha = HomeAssistant(config_dir, port)
    checks = Checks()
    try:
        run(ha, checks)
    except Exception:  # noqa: BLE001 - reported by the check it stopped
        checks.failed = max(checks.failed, 1)
    finally:
        ha.kill()

    ok = checks.failed == 0
    if not ok:
        log(f"Home Assistant log tail ({config_dir / 'home-assistant.log'}):")
        sys.stdout.write(tail(config_dir / "home-assistant.log") + "\n")
        for output in sorted(config_dir.glob("hass-output-*.txt"))[-1:]:
            if text := tail(output, 20):
                log(f"{output.name}:")
                sys.stdout.write(text + "\n")
    if ok and not os.environ.get("E2E_KEEP"):
        shutil.rmtree(config_dir, ignore_errors=True)
    else:
        log(f"kept {config_dir}")
    log(f"total {time.monotonic() - started:.1f} s")
    sys.stdout.write(f"e2e: {checks.passed} passed, {checks.failed} failed\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
