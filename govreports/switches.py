"""On/off switches given as text ($GOVREPORTS_ARCHIVE, $GOVREPORTS_PICTURES, …): one rule for all of them."""

from __future__ import annotations

OFF_WORDS = ("0", "false", "off", "no")


def switched_on(value: str | None) -> bool:
    """On unless the value says off (0/false/off/no, any case); unset or blank is on."""
    return value is None or value.strip().lower() not in OFF_WORDS
