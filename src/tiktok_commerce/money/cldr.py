"""Regenerate cldr_money.json from Babel's CLDR data: `python -m tiktok_commerce.money.cldr`.

What is kept: every currency symbol of every locale (when it is not the ISO code itself) with the
currencies that use it, ordered by how many locales write it so; every currency's minor units;
each territory's current currency; the locales that write a decimal comma. Sorted, so the file
only changes when CLDR does.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

from tiktok_commerce.money import DATA


def build() -> dict[str, object]:
    import babel
    import babel.localedata
    import babel.numbers
    from babel import Locale

    uses: dict[str, Counter[str]] = defaultdict(Counter)
    codes: set[str] = set()
    territories: dict[str, str] = {}
    commas: list[str] = []
    for identifier in babel.localedata.locale_identifiers():
        locale = Locale.parse(identifier)
        for code, symbol in locale.currency_symbols.items():
            codes.add(code)
            if symbol and symbol != code:
                uses[symbol][code] += 1
        if babel.numbers.get_decimal_symbol(locale) == ",":
            commas.append(identifier)
        if locale.territory and locale.territory not in territories:
            current = babel.numbers.get_territory_currencies(locale.territory, tender=True)
            if current:
                territories[locale.territory] = current[0]
    symbols = {s: [c for c, _ in sorted(n.items(), key=lambda kv: (-kv[1], kv[0]))] for s, n in uses.items()}
    minor = {code: babel.numbers.get_currency_precision(code) for code in sorted(codes)}
    return {
        "babel": babel.__version__,
        "symbols": dict(sorted(symbols.items())),
        "minor_units": {c: d for c, d in minor.items() if d != 2},
        "territory_currency": dict(sorted(territories.items())),
        "decimal_comma_locales": sorted(commas),
    }


def render(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main() -> int:
    DATA.write_text(render(build()), encoding="utf-8")
    print(f"wrote {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
