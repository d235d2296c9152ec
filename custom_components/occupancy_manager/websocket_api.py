"""The live picture of a home over the websocket: ``occupancy_manager/subscribe``.

The first message (``full``) holds every location of the (sub)tree the user may read,
in tree order; each later message holds only the locations whose shown state changed (changes
of one loop turn are coalesced), plus the ids of those that left the tree. A change
that shows nothing new sends nothing. Read access follows Home Assistant's own
permissions for a location's occupancy entity, checked again for every message (the
user's permissions may change while subscribed), like core's ``subscribe_entities``.
When the home is unloaded (a reload) the last message says ``ended``: the client
subscribes again.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.auth.permissions.const import POLICY_READ
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .const import DOMAIN
from .insight import occupancy_report

if TYPE_CHECKING:
    from .coordinator import OccupancyCoordinator

COMMAND_SUBSCRIBE = f"{DOMAIN}/subscribe"


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the websocket commands (once, from ``async_setup``)."""
    async_register_command(hass, ws_subscribe)


def _loaded_home(hass: HomeAssistant) -> OccupancyCoordinator | None:
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            coordinator: OccupancyCoordinator = entry.runtime_data
            return coordinator
    return None


def subtree(coordinator: OccupancyCoordinator, root: str | None) -> list[str]:
    """Location ids of the subtree under ``root`` (whole home if None), parents first.

    Siblings are ordered by name, so the tree reads the same way every time.
    """
    specs = coordinator.specs
    children: dict[str | None, list[str]] = {}
    for spec in specs.values():
        parent = spec.parent_id if spec.parent_id in specs else None
        children.setdefault(parent, []).append(spec.id)
    order: list[str] = []
    stack = [root] if root is not None else _by_name(coordinator, children.get(None))
    stack.reverse()
    while stack:
        location_id = stack.pop()
        order.append(location_id)
        stack.extend(reversed(_by_name(coordinator, children.get(location_id))))
    return order


def _by_name(coordinator: OccupancyCoordinator, ids: list[str] | None) -> list[str]:
    return sorted(ids or (), key=lambda one: (coordinator.specs[one].name, one))


def location_view(
    coordinator: OccupancyCoordinator, location_id: str
) -> dict[str, Any]:
    """One location as the card shows it (``get_occupancy``'s fields and the tree's)."""
    now = dt_util.utcnow()
    report = occupancy_report(coordinator, location_id, now)
    spec = coordinator.specs[location_id]
    state = coordinator.state(location_id)
    since = state.occupied_since if state.occupied else state.vacant_since
    parent = spec.parent_id if spec.parent_id in coordinator.specs else None
    return {
        "id": location_id,
        "name": spec.name,
        "parent": parent,
        "entity_id": coordinator.occupancy_entity_id(location_id),
        "occupied": report["occupied"],
        "state": report["state"],
        "since": since.isoformat() if since else report["changed_at"],
        "reason": report["reason"],
        "changed_at": report["changed_at"],
        "contributions": report["contributions"],
        "locked_by": report["locked_by"],
        "lock_until": report["lock_until"],
        "occupants": report["occupants"],
        "problem_sources": coordinator.problem_sources(location_id),
    }


def _comparable(view: dict[str, Any]) -> dict[str, Any]:
    """The view without what only the passing of time changes (``remaining``)."""
    return {
        **view,
        "contributions": [
            {key: value for key, value in item.items() if key != "remaining"}
            for item in view["contributions"]
        ],
    }


def _may_read(user: User, entity_id: str | None) -> bool:
    permissions = user.permissions
    if user.is_admin or permissions.access_all_entities(POLICY_READ):
        return True
    # A location whose entity is not registered yet has nothing to check against.
    return entity_id is not None and permissions.check_entity(entity_id, POLICY_READ)


class _Subscription:
    """One client's subscription: what it was sent, and the changes not yet sent."""

    def __init__(
        self,
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg_id: int,
        coordinator: OccupancyCoordinator,
        root: str | None,
    ) -> None:
        self._hass = hass
        self._connection = connection
        self._msg_id = msg_id
        self._coordinator = coordinator
        self._root = root
        self._sent: dict[str, dict[str, Any]] = {}
        self._pending: set[str] = set()
        self._handle: asyncio.Handle | None = None
        self._unsubs: list[CALLBACK_TYPE] = []

    def start(self) -> None:
        # The home's change feed tells every change, sources problems included.
        self._unsubs = [
            self._coordinator.async_add_home_listener(self._on_change),
            self._coordinator.entry.async_on_state_change(self._on_entry_state),
        ]
        members = subtree(self._coordinator, self._root)
        self._send({"full": True, "locations": self._collect(members)})

    @callback
    def stop(self) -> None:
        while self._unsubs:
            self._unsubs.pop()()
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @callback
    def _on_entry_state(self) -> None:
        # A reload builds a new home: tell the client to subscribe again.
        if self._coordinator.entry.state is ConfigEntryState.LOADED:
            return
        removed = sorted(self._sent)
        self.stop()
        self._sent.clear()
        self._send({"locations": [], "removed": removed, "ended": True})

    @callback
    def _on_change(self, location_ids: set[str]) -> None:
        self._pending |= location_ids
        if self._handle is None:
            self._handle = self._hass.loop.call_soon(self._flush)

    def _collect(self, location_ids: list[str]) -> list[dict[str, Any]]:
        """Views of the readable ones among ``location_ids`` that differ from sent."""
        user = self._connection.user
        changed = []
        for location_id in location_ids:
            view = location_view(self._coordinator, location_id)
            if not _may_read(user, view["entity_id"]):
                continue
            comparable = _comparable(view)
            if self._sent.get(location_id) != comparable:
                self._sent[location_id] = comparable
                changed.append(view)
        return changed

    @callback
    def _flush(self) -> None:
        self._handle = None
        pending, self._pending = self._pending, set()
        if self._root is not None and self._root not in self._coordinator.specs:
            members: list[str] = []
        else:
            members = subtree(self._coordinator, self._root)
        in_tree = set(members)
        user = self._connection.user
        # Gone from the (sub)tree (deleted, or moved out by an edit of another
        # location), or no longer readable.
        removed = sorted(
            location_id
            for location_id in self._sent
            if location_id not in in_tree
            or (
                location_id in pending
                and not _may_read(
                    user, self._coordinator.occupancy_entity_id(location_id)
                )
            )
        )
        for location_id in removed:
            del self._sent[location_id]
        changed = self._collect(
            [one for one in members if one in pending and one not in removed]
        )
        if changed or removed:
            message: dict[str, Any] = {"locations": changed}
            if removed:
                message["removed"] = removed
            self._send(message)

    def _send(self, payload: dict[str, Any]) -> None:
        self._connection.send_message(event_message(self._msg_id, payload))


@callback
@websocket_command(
    {
        vol.Required("type"): COMMAND_SUBSCRIBE,
        vol.Optional("location_id"): str,
    }
)
def ws_subscribe(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Subscribe to the live state of the home, or of one location's subtree."""
    coordinator = _loaded_home(hass)
    if coordinator is None:
        connection.send_error(
            msg["id"],
            ERR_NOT_FOUND,
            "No Occupancy Manager home is loaded",
            translation_key="home_not_loaded",
            translation_domain=DOMAIN,
        )
        return
    root = msg.get("location_id")
    if root is not None and root not in coordinator.specs:
        # The words are what the card matches; the key is for everyone else.
        connection.send_error(
            msg["id"],
            ERR_NOT_FOUND,
            f"Unknown location {root}",
            translation_key="unknown_location",
            translation_domain=DOMAIN,
            translation_placeholders={"location_id": root},
        )
        return
    subscription = _Subscription(hass, connection, msg["id"], coordinator, root)
    connection.subscriptions[msg["id"]] = subscription.stop
    connection.send_result(msg["id"])
    subscription.start()
