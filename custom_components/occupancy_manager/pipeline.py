"""One change at a time: sensing's steps through the engine, the effects applied.

Whatever causes a change (a source's state, an action, an edit, the one timer) is
applied the same way: sensing's steps (``sensing.py``) reach the engine one at a time,
so each sees the engine as the previous one left it; each result becomes effects
(``effects.py``): entity updates, events, mode actions, all in the Context of the
cause. When the outermost change is done the timer is re-armed, a save is scheduled
and the home-wide listeners are told once. The coordinator (``coordinator.py``) wires
this to Home Assistant; this module decides nothing itself either.

Causes take turns (``turns.py``): while ladder steps are due, a cause waits in line
and the timer applies a batch of steps per loop turn until none is due before the
first waiting cause, then that cause, then the next. No loop callback does more than
one batch and one cause, and each is applied at its own moment in its own Context.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
import logging

from homeassistant.core import Context, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .applying import Applying
from .carrying import RenameNotes
from .clock import JUMP, WallClock
from .const import DOMAIN
from .effects import as_config, plan
from .engine import EngineError, Result, Transition, earlier
from .insight import ContributionsMemo
from .listeners import Listeners, OneTimer
from .modes import OccupancyModes
from .persistence import SnapshotStore
from .reader import HomeReader
from .saved_state import home_snapshot
from .sensing import Step
from .sources import Clear, Trigger, Vacate
from .turns import NEXT_TURN, Waiting, settling
from .unlocking import lateness, merged

_LOGGER = logging.getLogger(__name__)

CATCH_UP_CALLS = 1000
"""The most engine calls one catch-up makes (see :meth:`Pipeline.catch_up`)."""

type Command = Callable[[datetime], Result]
"""An action's engine call at a moment."""


class Pipeline(HomeReader):
    """Runs changes through sensing, the engine and effects, and applies them."""

    modes: OccupancyModes
    listeners: Listeners
    _store: SnapshotStore
    _timer: OneTimer
    _contributions: ContributionsMemo
    _clock: WallClock
    # What the save names each entity's registry entry by (``renames.py``): worked
    # out when the configuration or the registry changes, not on every save.
    _registry_ids: dict[str, str]
    # Renames a lock made wait for its unlock (``carrying.py``).
    _renames: RenameNotes
    # While one change is applied: its cause, and what it changed.
    context: Context | None
    _changed: set[str]
    _dirty: bool
    # What each location's problem sources were when last told.
    _problems: dict[str, tuple[str, ...]]
    # Causes waiting for their turn, oldest first; set once the home stops.
    _waiting: deque[Waiting]
    _stopped: bool

    @property
    def stopped(self) -> bool:
        """True once the home stopped (its entry unloads)."""
        return self._stopped

    async def async_run(
        self, command: Command, context: Context | None = None
    ) -> Result:
        """Run one engine command (an action) at its turn and apply it."""
        return (await self.async_turn(partial(self.run_commands, (command,), context)))[
            0
        ]

    def run_commands(
        self, commands: Sequence[Command], context: Context | None, now: datetime
    ) -> list[Result]:
        """Run an action's commands at ``now``, in order, each applied as one change.

        Called at the action's turn, so no other cause comes between them; the first
        that raises ends the action, as the call's error.
        """
        context = context or Context()
        results: list[Result] = []
        for command in commands:
            with Applying(self, context):
                results.append(command(now))
                self._apply(results[-1], now)
        return results

    @callback
    def async_in_turn(self, job: Callable[[datetime], None]) -> None:
        """Apply a cause arriving now: at once, or after the causes and steps due.

        ``job`` gets the moment the cause arrived, whenever it runs. A stopped home
        no longer listens: nothing reaches it.
        """
        if self._stopped:
            return
        now = self._read_clock()
        # ``_ready``'s common case inline, nothing waiting and nothing due: every
        # source change passes here before its entities write (issue 14).
        deadline = self.engine.next_deadline
        idle = not self._waiting and (deadline is None or deadline > now)
        if idle or self._ready(now):
            job(now)
        else:
            self._wait(Waiting(now, job))

    @callback
    def async_turn[T](self, job: Callable[[datetime], T]) -> asyncio.Future[T]:
        """Like :meth:`async_in_turn`, for a caller that awaits the outcome.

        The turn is taken now (the caller may take other homes' turns before it
        awaits): the future holds what ``job`` returned or raised. A stopped home
        refuses (``home_not_loaded``): nothing would save what it applied.
        """
        future: asyncio.Future[T] = self.hass.loop.create_future()
        if self._stopped:
            future.set_exception(
                ServiceValidationError(
                    translation_domain=DOMAIN, translation_key="home_not_loaded"
                )
            )
            return future
        now = self._read_clock()
        run = settling(future, job)
        if self._ready(now):
            run(now)
        else:
            self._wait(Waiting(now, run))
        return future

    def start_quiet(self, location_id: str, now: datetime) -> None:
        """Ignore the location's source triggers for its quiet time after a vacate."""
        self.sensing.start_quiet(location_id, now)

    def vacate(self, location_id: str, now: datetime) -> Result:
        """Vacate, then start the quiet time (a vacate source or the action)."""
        result = self.engine.vacate(location_id, now)
        if result.ignored is None:
            self.sensing.start_quiet(location_id, now)
        return result

    # -- the clock -------------------------------------------------------------

    def _read_clock(self) -> datetime:
        """The wall clock now, the engine told first if it went back (``clock.py``)."""
        now = dt_util.utcnow()
        if (back := self._clock.read()) is not None:
            self._set_back(now + back, now)
        return now

    def _set_back(self, should: datetime, now: datetime) -> None:
        """The wall clock shows ``now`` where the loop's says ``should``.

        What fell due by ``should`` is due (that much time passed), as the timer's
        change; then the same configuration at ``now``, an input that changes
        nothing, moves the engine's timeline back by exactly the jump. What the
        shell times itself (graces, verifies, quiet times, the false-vacancy record,
        the last changes) and the causes waiting for their turn arrived on the old
        timeline: they move with it, before the timer is armed again, and every
        location is shown anew.
        """
        jump = should - now
        _LOGGER.info("The clock went back by %s", jump)
        self._advance(should)
        self.catch_up(should)
        configs = [spec.to_engine() for spec in self.specs.values()]
        with Applying(self, Context()):
            self.sensing.shift_back(jump)
            self.tuning.shift_back(jump)
            self._last_change = {
                location_id: (reason, earlier(changed_at, jump))
                for location_id, (reason, changed_at) in self._last_change.items()
            }
            self._apply(self.engine.reconfigure(configs, now), now, config=True)
            # No transition tells of it, but what the entities and the card show of
            # those moments (an ``expires_at``, ``since``) moved: each compares and
            # shows only what differs.
            self.listeners.notify(self.specs)
            self._changed.update(self.specs)
        self._waiting = deque(
            Waiting(waiting.now - jump, waiting.run) for waiting in self._waiting
        )

    # -- turns -----------------------------------------------------------------

    def _due(self, now: datetime) -> bool:
        """True when the engine has ladder steps (or expiries) due by ``now``."""
        deadline = self.engine.next_deadline
        return deadline is not None and deadline <= now

    def _ready(self, now: datetime) -> bool:
        """True when a cause arriving at ``now`` may reach the engine at once.

        An engine input first applies everything due before its moment, and the
        steps the bounded advance set aside must be told as the timer's, not in the
        input's Context (a user's action carrying other rooms' mode actions and
        logbook lines). One batch of them is applied here, as the timer would; a
        longer backlog is left to the timer and the cause waits behind it, as it
        does behind causes already waiting (their order is kept).
        """
        if self._waiting:
            return False
        if not self._due(now):
            return True  # the common case: asked once
        self._advance(now)
        return not self._due(now)

    def _wait(self, waiting: Waiting) -> None:
        self._waiting.append(waiting)
        self._reschedule()

    def _advance(self, now: datetime) -> None:
        """One engine batch of what is due by ``now``, as the timer's own change."""
        with Applying(self, Context()):
            self._apply(self.engine.advance(now), now)

    def _take_turn(self) -> None:
        """The timer's turn while causes wait: a batch due before the first, or it."""
        first = self._waiting[0]
        if self._due(first.now):
            self._advance(first.now)
            return
        self._waiting.popleft()
        try:
            first.run(first.now)
        finally:
            # Whatever the cause did (an edit with nothing to do applies nothing),
            # the next waiting one needs the timer.
            self._reschedule()

    def settle(self) -> None:
        """Apply every waiting cause now, in order (the home stops: no next turn)."""
        while self._waiting:
            first = self._waiting.popleft()
            try:
                self.catch_up(first.now)
                first.run(first.now)
            except Exception:
                # A fault in one (a bug) must not keep the others, the stop's
                # unsubscribing or the save from running.
                _LOGGER.exception("A change waiting when the home stopped failed")

    def catch_up(self, now: datetime) -> None:
        """Apply everything the engine has due by ``now`` as the timer would, at once.

        For a caller that cannot wait for turns (the home stopping, an edit called
        directly): the steps are told in the timer's Context, never the caller's.
        """
        deadline = self.engine.next_deadline
        if deadline is None or deadline > now:
            return
        with Applying(self, Context()):
            # Each call applies at least one step of a finite backlog; the bound
            # only guards against an engine that would stay due without progress.
            for _ in range(CATCH_UP_CALLS):
                self._apply(self.engine.advance(now), now)
                deadline = self.engine.next_deadline
                if deadline is None or deadline > now:
                    return

    # -- steps -----------------------------------------------------------------

    def _run(self, steps: Iterable[Step], now: datetime) -> None:
        """Feed sensing's steps to the engine one at a time, applying each result."""
        for step in steps:
            self._step(step, now)

    def _step(
        self, step: Step, now: datetime, collect: list[Transition] | None = None
    ) -> None:
        """Send one admitted step's input to the engine and apply the result.

        With ``collect``, the result's transitions are added to it instead.
        """
        source_input = self.sensing.admit(step, now, self._occupied)
        location_id, source_id = step.location_id, step.source_id
        try:
            match source_input:
                case Trigger(timeout=timeout, occupant=occupant):
                    result = self.engine.trigger(
                        location_id, source_id, now, timeout=timeout, occupant=occupant
                    )
                case Clear(trailing=trailing):
                    result = self.engine.clear(
                        location_id, source_id, now, trailing=trailing
                    )
                case Vacate():
                    result = self.vacate(location_id, now)
                case _:
                    return  # not admitted: nothing to send
        except (EngineError, ValueError):
            # One location's input the engine refuses (bad stored data) must not
            # keep the other locations sharing the source from hearing of it. The
            # engine refuses before it changes anything; only its refusal is
            # contained here, a fault in applying an accepted result is not.
            _LOGGER.exception(
                "Input %s of %s for %s failed", step.input, source_id, location_id
            )
            return
        if collect is None:
            self._apply(result, now, config=step.config)
        elif step.config:
            collect.extend(as_config(result.transitions))
        else:
            collect.extend(result.transitions)

    # -- results ---------------------------------------------------------------

    def _finish(self) -> None:
        """Re-arm the timer, schedule a save if anything changed, tell the feed."""
        self._reschedule()
        if self._dirty and not self._stopped:
            # Stopped, the final save holds it; a delayed one would outlive the home
            # and could overwrite the file of the home set up again.
            self._dirty = False
            self._store.async_schedule_save(self._snapshot)
        changed, self._changed = self._changed, set()
        self.listeners.notify_home(changed)

    def _recheck_problems(self, location_ids: Iterable[str]) -> None:
        """Tell the locations among these whose problem sources changed.

        Their problem listeners (the sources-problem entity) and the home feed (the
        card's badge) hear of it; a location whose set stayed the same hears nothing.
        """
        changed: list[str] = []
        for location_id in location_ids:
            problems = tuple(self.problem_sources(location_id))
            if self._problems.get(location_id, ()) != problems:
                self._problems[location_id] = problems
                changed.append(location_id)
        self._changed.update(changed)
        self.listeners.notify(changed, problems=True)

    def _apply(self, result: Result, now: datetime, *, config: bool = False) -> None:
        transitions = as_config(result.transitions) if config else result.transitions
        if not transitions:
            return
        for transition in transitions:
            if transition.previous.locks and not transition.current.locks:
                transitions = self._read_after_unlocks(transitions, now)
                break
        self._dirty = True
        specs, listeners = self.specs, self.listeners
        bounced: list[str] = []
        # The entities write first, before any other effect is even planned: their
        # writes are what automations wait for (issue 14), the occupancy sensor's
        # before anything else of the change. The tuning counts a flip before the
        # location's other entities (the ladder sensor shows the count) and updates
        # its advice after all of them.
        for transition in transitions:
            location_id = transition.location_id
            if location_id not in specs:
                continue  # removed by the same edit: nothing left to show
            listeners.notify_first(location_id)
            self._last_change[location_id] = (transition.reason, now)
            if transition.occupied_changed:
                # Only a location becoming occupied can have bounced.
                timeout = (
                    self._motion_timeout(location_id)
                    if transition.current.occupied
                    else None
                )
                if self.tuning.record(transition, now, timeout) is not None:
                    bounced.append(location_id)
            self._changed.add(location_id)
            listeners.notify_rest(
                location_id,
                locks=transition.previous.locks != transition.current.locks,
            )
        if bounced:
            self.tuning.refresh(now, bounced)
        effects = plan(self, transitions, self._contributions)
        for event_type, data in effects.events:
            # Automations know a location by its entity: one without an entity yet
            # (an edit just added it, occupied at once: a first state, not news) or
            # any more (a queued edit removed it) is not told.
            if data["entity_id"] is not None:
                self.hass.bus.async_fire(event_type, data, context=self.context)
        for transition in effects.modes:
            self.modes.on_transition(
                self.specs[transition.location_id], transition, self.context
            )
        for location_id in effects.occupied:
            self._run(self.sensing.on_occupied(location_id), now)

    def _read_after_unlocks(
        self, transitions: tuple[Transition, ...], now: datetime
    ) -> tuple[Transition, ...]:
        """The unlock's transitions with those of reading its sources anew, merged.

        What the lock ignored is read before anything is told: a room held by its
        lock (sleep mode) whose presence sensor is still on at the unlock stays
        occupied, instead of turning vacant and occupied again in one change (two
        events, its vacant and occupied scenes run).
        """
        read = list(transitions)
        for transition in transitions:
            if not transition.previous.locks or transition.current.locks:
                continue
            # A lock that ended late (a blocked loop, a restart) counts from its end.
            late = lateness(transition.previous.locks, now)
            for step in self._renames.at_unlock(
                transition.location_id,
                self.sensing.after_unlock(
                    transition.location_id, sleeping=self._sleeping(), late=late
                ),
                now,
            ):
                self._step(step, now, collect=read)
        return merged(read) if len(read) > len(transitions) else transitions

    def _snapshot(self) -> dict[str, object]:
        return home_snapshot(
            self.engine,
            self.tuning,
            self.sensing.ended_while_locked,
            self.specs,
            registry_ids=self._registry_ids,
            renamed_while_locked=self._renames.to_json(),
            heard=self.sensing.heard,
            gone=self.sensing.gone,
        )

    # -- the one timer ---------------------------------------------------------

    def _reschedule(self) -> None:
        if self._stopped:
            return  # no callback outlives the home
        # After every change (issue 14): the earliest, without building a list.
        earliest = NEXT_TURN if self._waiting else None
        for deadline in (
            self.engine.next_deadline,
            self.sensing.next_deadline(),
            self.tuning.next_deadline(),
        ):
            if deadline is not None and (earliest is None or deadline < earliest):
                earliest = deadline
        self._timer.schedule(earliest)

    def _async_deadline_reached(self, scheduled: datetime) -> None:
        wall = dt_util.utcnow()
        if (back := self._clock.read()) is not None:
            self._set_back(wall + back, wall)
            scheduled = wall  # the timer's moment was on the old timeline
        elif (scheduled - wall).total_seconds() > JUMP:
            # Armed before a jump already told (its deadline did not move with the
            # engine's), it ran on the loop's clock: the wall clock is not there yet.
            scheduled = wall
        if self._waiting:
            self._take_turn()
            return
        # Home Assistant calls a timer with the moment it was set for, however late
        # it runs. Inputs of a late timer (a wasp verify) sent at that moment, after
        # others ran at the real time, would look like a clock set back to the
        # engine: the work is done at the real time (never before the deadline).
        now = max(scheduled, wall)
        with Applying(self, Context()):
            self._apply(self.engine.advance(now), now)
            self.tuning.advance(now)
            if self._due(now):
                # Sensing's inputs (a wasp verify, a grace ending) would first apply
                # the whole backlog: they wait for the next turns, as causes do.
                return
            steps, flagged = self.sensing.due(now, self._occupied)
            self._run(steps, now)
            self._recheck_problems(flagged)

    @callback
    def _tuning_changed(self, location_id: str) -> None:
        """A count aged out or the advice was dismissed: show it, save it, tell it."""
        self.listeners.notify((location_id,))
        if self.context is not None:
            # Within a change (the timer's): it saves and tells the feed once.
            self._dirty = True
            self._changed.add(location_id)
            return
        self._store.async_schedule_save(self._snapshot)
        self.listeners.notify_home({location_id})
