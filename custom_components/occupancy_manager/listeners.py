"""The shell's two small pieces of plumbing: who to tell, and the one timer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

type HomeListener = Callable[[set[str]], None]


class Listeners:
    """Per-location listeners (entities) and home-wide listeners (the card's feed)."""

    def __init__(self) -> None:
        """Nobody listens yet."""
        # Each with whether it follows the location's locks alone (``locks_only``).
        self._state: defaultdict[str, list[tuple[CALLBACK_TYPE, bool]]] = defaultdict(
            list
        )
        # The state listeners told first (``first``), kept apart so that they can be
        # told alone, before the shell's bookkeeping of a change (``notify_first``).
        self._first: defaultdict[str, list[CALLBACK_TYPE]] = defaultdict(list)
        self._problems: defaultdict[str, list[CALLBACK_TYPE]] = defaultdict(list)
        self._home: list[HomeListener] = []

    @callback
    def async_add(
        self,
        location_id: str,
        update: CALLBACK_TYPE,
        *,
        problems: bool = False,
        first: bool = False,
        locks_only: bool = False,
    ) -> CALLBACK_TYPE:
        """Call ``update`` when the location's state (or its sources' health) changes.

        ``first``: before the location's other listeners (its occupancy sensor, the
        entity automations wait for, writes before the rest; issue 14).
        ``locks_only``: what it shows follows the location's locks alone (the lock and
        automation switches): an applied transition that leaves them as they were
        skips it; an edit or a rename (``notify``) still tells it.
        """
        if problems:
            listeners = self._problems[location_id]
        elif first:
            listeners = self._first[location_id]
        else:
            state = self._state[location_id]
            entry = (update, locks_only)
            state.append(entry)
            return lambda: state.remove(entry)
        listeners.append(update)
        return lambda: listeners.remove(update)

    @callback
    def async_add_home(self, update: HomeListener) -> CALLBACK_TYPE:
        """Call ``update`` once per applied change with the ids it changed."""
        self._home.append(update)
        return lambda: self._home.remove(update)

    def notify(self, location_ids: Iterable[str], *, problems: bool = False) -> None:
        """Tell the listeners of these locations."""
        if problems:
            for location_id in location_ids:
                for update in tuple(self._problems.get(location_id, ())):
                    update()
            return
        for location_id in location_ids:
            self.notify_first(location_id)
            self.notify_rest(location_id)

    def notify_first(self, location_id: str) -> None:
        """Tell the location's first listeners (its occupancy sensor) alone."""
        # A copy: a listener may remove itself (or another) while being told.
        for update in tuple(self._first.get(location_id, ())):
            update()

    def notify_rest(self, location_id: str, *, locks: bool = True) -> None:
        """Tell the location's other state listeners, after ``notify_first``.

        ``locks=False``: the change left the location's locks as they were, so the
        listeners that follow nothing else are not told. Most changes are such, and
        each listener told reads the engine's state again (issue 14).
        """
        for update, locks_only in tuple(self._state.get(location_id, ())):
            if locks or not locks_only:
                update()

    def notify_home(self, changed: set[str]) -> None:
        """Tell the home-wide listeners which locations one change changed."""
        if changed:
            for update in tuple(self._home):
                update(changed)


class OneTimer:
    """A single point-in-time timer, re-armed only when its deadline moves earlier.

    A later deadline (a motion timeout extended, nothing left pending) keeps the
    timer already armed: when it fires, its action finds nothing due yet and
    schedules again, now for the later deadline, so none is missed. Every change
    reschedules, and a cancelled timer is a handle left in the loop's heap for the
    loop to pop later (issue 14).
    """

    def __init__(self, hass: HomeAssistant, action: Callable[[datetime], None]) -> None:
        """Bind the timer to what it runs."""
        self._hass = hass
        self._action = action
        self._unsub: CALLBACK_TYPE | None = None
        self._at: datetime | None = None

    @property
    def armed_for(self) -> datetime | None:
        """When the timer will run (None: not armed)."""
        return self._at

    def schedule(self, deadline: datetime | None) -> None:
        """Run by ``deadline`` (None: nothing due); keeps a timer set no later."""
        if deadline is None or (self._at is not None and self._at <= deadline):
            return
        self.cancel()
        self._at = deadline
        # On the loop's clock, not the wall's: Home Assistant's point-in-time timer
        # waits for the wall clock to show the deadline, two hours more after the
        # clock went back two hours; the pipeline tells the engine of the jump.
        # A past deadline (NEXT_TURN) is a negative delay, run at once, as there.
        delay = (deadline - dt_util.utcnow()).total_seconds()
        self._unsub = async_call_later(self._hass, delay, partial(self._fire, deadline))

    def cancel(self) -> None:
        """Cancel the pending run."""
        if self._unsub is not None:
            self._unsub()
        self._unsub = None
        self._at = None

    @callback
    def _fire(self, at: datetime, _now: datetime) -> None:
        self._unsub = None
        self._at = None
        # The moment it was set for, however late it runs, as Home Assistant's
        # point-in-time timer passes it.
        self._action(at)
