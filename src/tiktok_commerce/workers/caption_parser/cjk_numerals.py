"""Amounts written in CJK numerals before a currency word ("千円", "五百円", "三千九百八十円").

The numerals and their values come from the Unicode database (unicodedata.numeric), not from a
word list: digits (一 ... 九, 〇) and the multipliers 十, 百, 千 within a group of four figures,
万 and 億 above it. Only a run of numerals right before a currency word written after amounts is
rewritten in figures, and only when no figure stands glued before it ("2万円" is a figure with a
multiplier, which the number packs read).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The CJK ideographs that are numerals (Unicode's numeric value), in the blocks sellers type.
_NUMERALS: dict[str, float] = {
    c: v
    for c, v in ((c, unicodedata.numeric(c, -1.0)) for c in map(chr, [0x3007, *range(0x4E00, 0x9FA0)]))
    if v >= 0 and v.is_integer()
}
_GROUP = 10_000.0  # 万: a new group of four figures starts above it
_ANY_RE = re.compile(f"[{''.join(sorted(_NUMERALS))}]")


def value(numerals: str) -> int:
    """The value of a run of CJK numerals: "三千九百八十" -> 3980, "一万二千" -> 12000, "千" -> 1000."""
    total = section = digit = 0.0
    for c in numerals:
        v = _NUMERALS[c]
        if v >= _GROUP:  # 万, 億: everything so far counts in units of it
            total += (section + digit or 1) * v
            section = digit = 0.0
        elif v >= 10:  # 十, 百, 千: a multiplier of the digit before it ("千" alone is one thousand)
            section += (digit or 1) * v
            digit = 0.0
        else:
            digit = digit * 10 + v  # "二〇二六": digits one after another
    return int(total + section + digit)


@lru_cache(maxsize=4)
def _amount_re(suffixes: frozenset[str]) -> re.Pattern[str]:
    chars = "".join(sorted(_NUMERALS))
    words = "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True))
    return re.compile(rf"(?<![\d.,{chars}])([{chars}]+)(?={words})")


def to_figures(text: str, suffixes: frozenset[str]) -> str:
    """The text with each run of CJK numerals before one of `suffixes` (currency words written
    after an amount) written in figures: "千円ぽっきり" -> "1000円ぽっきり"."""
    if not suffixes or not _ANY_RE.search(text):  # most captions: one scan in C
        return text
    return _amount_re(suffixes).sub(lambda m: str(value(m.group(1))), text)
