"""The home's false-vacancy record and its advice, between the shell and the registry.

The shell hands over every transition and asks for the JSON to save; this keeps the
bounce counter (``bounces.py``) in step with the configuration and keeps each
location's advice issue (``issues.py``) in step with the counter. The user's dismissal
comes back through the issue registry and silences that location for 30 days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
import logging
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .bounces import Bounce, FalseVacancies, occupied_by_sensor, vacated_by_itself
from .const import WASP_SOURCE, SourceKind
from .engine import Transition, earlier
from .issues import (
    async_clear_advice,
    async_track_advice_dismissal,
    async_update_advice_issue,
)
from .locations import LocationSpec

_LOGGER = logging.getLogger(__name__)

SNAPSHOT_KEY = "false_vacancies"
"""The key of the record in the saved snapshot, next to the engine's own keys."""


def _sensors(spec: LocationSpec) -> frozenset[str]:
    """Source ids whose trigger is a sensor's (not an action's) in this location."""
    sensors = {
        entity_id
        for entity_id, kind in spec.source_entities()
        if kind is not SourceKind.VACATE
    }
    if spec.wasp.enabled:
        sensors.add(WASP_SOURCE)
    return frozenset(sensors)


class Tuning:
    """Counts false vacancies per location and raises or clears the advice."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        specs: Mapping[str, LocationSpec],
        *,
        window: timedelta,
        changed: Callable[[str], None] = lambda _location_id: None,
    ) -> None:
        """Start with an empty record (``load`` brings the saved one).

        ``changed(location_id)`` is called when what is saved or shown for a location
        changed by itself (a count aged out, a dismissal), so the shell saves and
        refreshes its entities.
        """
        self.hass = hass
        self.entry_id = entry_id
        self._changed = changed
        self.vacancies = FalseVacancies(window)
        self._specs: Mapping[str, LocationSpec] = {}
        self._sensors: dict[str, frozenset[str]] = {}
        self._unsub: CALLBACK_TYPE | None = None
        # What was last reported per location: (7-day count, silenced).
        self._last: dict[str, tuple[int, bool]] = {}
        self._armed: datetime | None = None
        self.configure(specs, window)

    def load(self, saved: object, behind: timedelta = timedelta(0)) -> None:
        """Take the record saved with the snapshot; anything unusable starts clean.

        ``behind``: how far the clock is behind the saved moment (a clock set back
        across a restart): the record moves back with the engine's timeline.
        """
        now = dt_util.utcnow()
        self.vacancies = FalseVacancies.from_json(
            saved, now + behind, self.vacancies.window
        )
        if behind:
            self.vacancies.shift_back(behind)
        self.vacancies.forget(self.vacancies.location_ids - self._specs.keys())
        self._last = {
            location_id: self._state(location_id, now) for location_id in self._specs
        }

    @property
    def window(self) -> timedelta:
        """How soon a re-occupation counts as a false vacancy."""
        return self.vacancies.window

    @callback
    def configure(self, specs: Mapping[str, LocationSpec], window: timedelta) -> None:
        """Follow a live edit: new timeouts, sources, window; deleted locations."""
        gone = set(self._specs) - set(specs)
        self.vacancies.forget(gone)
        for location_id in gone:
            self._last.pop(location_id, None)
        async_clear_advice(self.hass, self.entry_id, gone)
        self._specs = specs
        self._sensors = {spec.id: _sensors(spec) for spec in specs.values()}
        self.vacancies.window = window
        if self._unsub is not None:
            self.refresh(dt_util.utcnow())

    @callback
    def async_start(self) -> None:
        """Listen for dismissals and bring every advice up to date."""
        self._unsub = async_track_advice_dismissal(
            self.hass, self.entry_id, self._dismissed
        )
        self.refresh(dt_util.utcnow())

    @callback
    def async_stop(self) -> None:
        """Stop listening (the issues stay: they are about the configuration)."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None

    # -- from the shell --------------------------------------------------------

    def observe(
        self,
        transition: Transition,
        now: datetime,
        motion_timeout: timedelta | None = None,
    ) -> Bounce | None:
        """Count a bounce if this transition is one; refresh that location's advice."""
        bounce = self.record(transition, now, motion_timeout)
        if bounce is not None:
            self.refresh(now, (transition.location_id,))
        return bounce

    def record(
        self,
        transition: Transition,
        now: datetime,
        motion_timeout: timedelta | None = None,
    ) -> Bounce | None:
        """Count a bounce if this transition is one; the advice waits for ``refresh``.

        The shell counts before the location's entities write (the count is shown)
        and refreshes the advice (a repair issue, an update of Home Assistant's issue
        registry) after them, off the write path (issue 14). ``motion_timeout`` is the
        one in effect (the sleep profile's while sleeping); by default the location's.
        """
        if not transition.occupied_changed:
            return None
        location_id = transition.location_id
        spec = self._specs.get(location_id)
        if spec is None:
            return None
        if not transition.current.occupied:
            self.vacancies.went_vacant(
                location_id,
                transition.current.vacant_since or now,
                by_itself=vacated_by_itself(
                    transition.reason, self._sensors.get(location_id, frozenset())
                ),
            )
            return None
        # A floor or the home mostly has no sensors of its own: no reason to parse.
        by_sensor = (
            occupied_by_sensor(transition.reason, sensors)
            if (sensors := self._sensors.get(location_id))
            else False
        )
        bounce = self.vacancies.became_occupied(
            location_id,
            now,
            by_sensor=by_sensor,
            motion_timeout=motion_timeout or spec.motion_timeout,
        )
        if bounce is not None:
            _LOGGER.debug("False vacancy in %s: vacant for %s", spec.name, bounce.gap)
            self._last[location_id] = self._state(location_id, now)
        return bounce

    def refresh(self, now: datetime, location_ids: Iterable[str] | None = None) -> None:
        """Raise, update or clear the advice of the given (default: all) locations."""
        for location_id in self._specs if location_ids is None else location_ids:
            spec = self._specs[location_id]
            async_update_advice_issue(
                self.hass,
                self.entry_id,
                spec,
                self.vacancies.advice(location_id, now, spec.motion_timeout),
                silenced=self.vacancies.silenced(location_id, now),
            )

    def next_deadline(self, now: datetime | None = None) -> datetime | None:
        """When a count or an advice changes by itself (for the shell's one timer).

        ``now``: the clock is read only when something kept can change (asked after
        every change; most homes keep nothing that ages out: issue 14).
        """
        vacancies = self.vacancies
        self._armed = (
            None if vacancies.idle else vacancies.next_deadline(now or dt_util.utcnow())
        )
        return self._armed

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: what is kept moves with it."""
        self.vacancies.shift_back(by)
        if self._armed is not None:
            self._armed = earlier(self._armed, by)

    def advance(self, now: datetime) -> None:
        """The shell's timer fired: if it was for us, counts aged out, silences ended."""
        if self._armed is None or self._armed > now:
            return  # the timer was the engine's or sensing's: nothing to do here
        self.refresh(now)
        for location_id in self._specs:
            state = self._state(location_id, now)
            if self._last.get(location_id, (0, False)) != state:
                self._last[location_id] = state
                self._changed(location_id)

    def _state(self, location_id: str, now: datetime) -> tuple[int, bool]:
        return (
            self.vacancies.count(location_id, now),
            self.vacancies.silenced(location_id, now),
        )

    def to_json(self, now: datetime) -> dict[str, object]:
        """The record to save with the snapshot (under ``SNAPSHOT_KEY``)."""
        return self.vacancies.to_json(now)

    # -- read by entities and get_occupancy ---------------------------------------

    def count(self, location_id: str, now: datetime | None = None) -> int:
        """``false_vacancies_7d`` (``now``: the clock is read only when needed).

        Asked on every write of a ladder sensor (issue 14): most rooms never bounced,
        and they answer without a clock read, a cutoff or a tuple.
        """
        vacancies = self.vacancies
        if not vacancies.kept(location_id):
            return 0
        return vacancies.count(location_id, now or dt_util.utcnow())

    def report(self, location_id: str, now: datetime) -> list[dict[str, Any]]:
        """The recent false vacancies for ``get_occupancy``, newest first."""
        return [
            {"at": bounce.at.isoformat(), "gap": bounce.gap.total_seconds()}
            for bounce in reversed(self.vacancies.recent(location_id, now))
        ]

    # -- from the issue registry --------------------------------------------------

    @callback
    def _dismissed(self, location_id: str, dismissed: bool) -> None:
        if location_id not in self._specs:
            return
        now = dt_util.utcnow()
        if dismissed == self.vacancies.silenced(location_id, now):
            return  # our own update of the issue, or nothing new
        if dismissed:
            _LOGGER.debug("Advice for %s dismissed for 30 days", location_id)
            self.vacancies.silence(location_id, now)
        else:
            self.vacancies.unsilence(location_id)
        self._last[location_id] = self._state(location_id, now)
        self._changed(location_id)
