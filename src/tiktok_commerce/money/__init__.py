"""Money facts from CLDR (through Babel): currency symbols, minor units, display.

`cldr_money.json` is generated from Babel's CLDR data by `python -m tiktok_commerce.money.cldr`
(a test regenerates it and compares), so the parser reads CLDR's facts without loading 1,100
locales on every start. Babel itself is needed only to regenerate the file and to format prices
for display (`display.py`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "cldr_money.json"


@lru_cache(maxsize=1)
def facts() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def symbol_currencies() -> dict[str, list[str]]:
    """Each currency symbol CLDR knows -> the currencies that write it (most used first)."""
    symbols: dict[str, list[str]] = facts()["symbols"]
    return symbols


def minor_units(currency: str) -> int:
    """Digits after the decimal mark (JPY and VND: 0; most: 2)."""
    return int(facts()["minor_units"].get(currency.upper(), 2))


def writes_decimal_comma(locale: str) -> bool:
    """Does the CLDR locale ("de_DE", "pt_BR") write "9,99" for nine point nine nine?"""
    return locale in _decimal_comma_locales()


@lru_cache(maxsize=1)
def _decimal_comma_locales() -> frozenset[str]:
    return frozenset(facts()["decimal_comma_locales"])
