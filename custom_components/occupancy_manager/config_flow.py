"""Config flow: the home (entry), its durations (options) and its locations (subentries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
    UnknownEntry,
    UnknownSubEntry,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.selector import BooleanSelector, TextSelector
import voluptuous as vol

from .const import (
    CONF_IMPORT_AREAS,
    CONF_SLEEP_ENTITY,
    DOMAIN,
    HOME_DURATION_DEFAULTS,
    SUBENTRY_LOCATION,
)
from .form_fields import (
    domains,
    duration_errors,
    duration_field,
    entity_picker,
    not_offered,
    own_entity_ids,
)
from .importer import async_apply_import, plan_import
from .location_form import (
    form_placeholders,
    inherited_timing,
    location_schema,
    looping_fields,
    suggested_values,
    validate_location,
)
from .locations import to_duration_dict

USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME, default="Home"): TextSelector(),
        vol.Required(CONF_IMPORT_AREAS, default=True): BooleanSelector(),
    }
)

RECONFIGURE_SCHEMA = vol.Schema({vol.Required(CONF_NAME): TextSelector()})


def options_schema(exclude: list[str]) -> vol.Schema:
    """The home's durations and sleep entity; the picker never offers ``exclude``."""
    fields: dict[vol.Marker, object] = {
        vol.Required(key, default=to_duration_dict(default)): duration_field()
        for key, default in HOME_DURATION_DEFAULTS.items()
    }
    fields[vol.Optional(CONF_SLEEP_ENTITY)] = entity_picker(
        exclude, *domains("binary_sensor", "input_boolean", "switch"), multiple=False
    )
    return vol.Schema(fields)


class OccupancyManagerConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create the home; the manifest allows a single one."""

    VERSION = 1
    # 1.2 added the sleep, quiet, wasp and sources-problem settings; they all default.
    MINOR_VERSION = 2

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Name the home."""
        if user_input is not None:
            options = {
                key: to_duration_dict(value)
                for key, value in HOME_DURATION_DEFAULTS.items()
            }
            options[CONF_IMPORT_AREAS] = user_input[CONF_IMPORT_AREAS]
            return self.async_create_entry(
                title=user_input[CONF_NAME].strip() or "Home", data={}, options=options
            )
        return self.async_show_form(step_id="user", data_schema=USER_SCHEMA)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Rename the home: the one setting of the config flow worth changing later.

        Import floors and areas is a one-time step; the options menu imports what was
        added since. Applied without a reload, like every other edit.
        """
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            name = str(user_input.get(CONF_NAME, "")).strip()
            if name:
                # Not async_update_reload_and_abort: the running home keeps going,
                # and 2026.x would show its own text for the default reason.
                self.hass.config_entries.async_update_entry(entry, title=name)
                return self.async_abort(reason="home_updated")
            errors[CONF_NAME] = "name_required"
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, user_input or {CONF_NAME: entry.title}
            ),
            errors=errors,
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Home-wide durations."""
        return OccupancyOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Locations are subentries."""
        return {SUBENTRY_LOCATION: LocationSubentryFlow}


class OccupancyOptionsFlow(OptionsFlow):
    """Edit the home-wide durations, or import floors and areas added since."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose what to do."""
        return self.async_show_menu(
            step_id="init", menu_options=["durations", "import_areas"]
        )

    async def async_step_durations(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the durations."""
        if self._home_removed():
            return self.async_abort(reason="home_removed")
        schema = options_schema(
            not_offered(
                own_entity_ids(self.hass, self.config_entry),
                self.config_entry.options.get(CONF_SLEEP_ENTITY),
            )
        )
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = duration_errors(user_input, HOME_DURATION_DEFAULTS)[1]
            if not errors:
                # A cleared optional field is absent from the input: drop it too.
                kept = {
                    key: value
                    for key, value in self.config_entry.options.items()
                    if key not in schema.schema
                }
                return self.async_create_entry(data={**kept, **user_input})
        return self.async_show_form(
            step_id="durations",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                user_input if user_input is not None else self.config_entry.options,
            ),
            errors=errors,
        )

    async def async_step_import_areas(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add locations for floors and areas that have none yet."""
        if self._home_removed():
            return self.async_abort(reason="home_removed")
        entry = self.config_entry
        plan = plan_import(self.hass, entry, entry.title)
        if not plan.subentries:
            return self.async_abort(reason="nothing_to_import")
        if user_input is not None:
            async_apply_import(self.hass, entry, plan)
            # The options dialog says "Options successfully saved" for any entry it
            # creates; an abort with a reason can say what was imported.
            return self.async_abort(
                reason="imported",
                description_placeholders={"locations": ", ".join(plan.names)},
            )
        return self.async_show_form(
            step_id="import_areas",
            description_placeholders={"locations": ", ".join(plan.names)},
        )

    def _home_removed(self) -> bool:
        """Deleted in another tab while this form was open (no flow of it aborts)."""
        try:
            self.config_entry  # noqa: B018 - raises for a deleted entry
        except UnknownEntry:
            return True
        return False


class LocationSubentryFlow(ConfigSubentryFlow):
    """Add or edit one location."""

    # The inherited durations the form first showed: a value left as shown is no
    # override, even when the home's durations changed while the form was open.
    _shown_timing: dict[str, timedelta] | None = None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add a location."""
        try:
            self._get_entry()
        except UnknownEntry:
            return self.async_abort(reason="home_removed")
        return await self._async_form("user", None, user_input)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Edit a location."""
        try:
            subentry_id = self._get_reconfigure_subentry().subentry_id
        except UnknownEntry:
            # The home was deleted in another tab while this form was open.
            return self.async_abort(reason="home_removed")
        except UnknownSubEntry:
            # Deleted in another tab while this form was open.
            return self.async_abort(reason="location_removed")
        return await self._async_form("reconfigure", subentry_id, user_input)

    async def _async_form(
        self,
        step_id: str,
        subentry_id: str | None,
        user_input: dict[str, Any] | None,
    ) -> SubentryFlowResult:
        entry = self._get_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            looped = looping_fields(self.hass, entry, subentry_id, user_input)
            errors = validate_location(
                entry, subentry_id, user_input, self._shown_timing, looped
            )
            if not errors:
                title = user_input[CONF_NAME]
                if subentry_id is None:
                    return self.async_create_entry(title=title, data=user_input)
                # Not async_update_and_abort: from 2026.x its default reason is
                # translated by Home Assistant ("Reconfiguration was successful"),
                # and 2025.4 takes no other reason.
                self.hass.config_entries.async_update_subentry(
                    entry,
                    self._get_reconfigure_subentry(),
                    title=title,
                    data=user_input,
                )
                return self.async_abort(reason="location_updated")
        if self._shown_timing is None:
            self._shown_timing = inherited_timing(entry, subentry_id)
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                location_schema(self.hass, entry, subentry_id),
                suggested_values(entry, subentry_id, user_input),
            ),
            errors=errors,
            description_placeholders=form_placeholders(entry, subentry_id),
        )
