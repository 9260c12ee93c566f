"""Regex alternations of literal phrases, written as a trie so the engine tries few branches.

The parser's cue lists run to hundreds of phrases. Written as "longest|...|shortest", the regex
engine tries every phrase in turn at every position of the caption (case-insensitive phrases do
not even get its first-character shortcut). Written as a trie ("ab(?:cd|x|)|q..."), it follows one
branch per character instead.

Both forms match the same text: at a position, the flat alternation tries the phrases that match
there longest first (two different phrases of one length cannot both match), and so does the trie,
which tries the longer phrases under a node ("(?:...|)") before the node's own phrase. Siblings
in the trie start with different characters, so at most one of them matches, unless two characters
are one letter to case-insensitive matching ("k" and "K"): then the trie could try a shorter phrase
first, so such a list keeps the flat form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_END = ""  # the key of a trie node that marks the end of a phrase (no character is empty)
_Trie = dict[str, "_Trie"]


def alternation(phrases: Iterable[str]) -> str:
    """The phrases as a regex alternation, longest first; one that never matches when there are none.

    Callers paste it into patterns without a group around it ("{alt}(?!\\d)" binds the look-ahead
    to the last phrase alone), so the first and the last phrase stay outside the trie, as they were:
    only the phrases between them, matched without anything pasted on either side, form the trie.
    """
    ordered = sorted(phrases, key=len, reverse=True)  # stable: ties keep the order they came in
    if len(ordered) < 3:
        return "|".join(map(re.escape, ordered)) or "(?!)"
    first, middle, last = ordered[0], ordered[1:-1], ordered[-1]
    trie: _Trie = {}
    for phrase in middle:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    try:
        branches = _branches(trie)
    except _CaseClash:
        return "|".join(map(re.escape, ordered))
    # The trie's first characters as top-level alternatives, not a group: a pattern whose every
    # alternative starts with a literal lets the engine skip positions no alternative can start at.
    return "|".join((re.escape(first), *branches, re.escape(last)))


class _CaseClash(Exception):
    """Two siblings of the trie start with one letter in different cases."""


@cache
def _char(char: str) -> tuple[str, str]:
    """(the character escaped for a regex, a key that is equal for any two characters that
    case-insensitive matching may take as one; it may also be equal for some it does not, which
    only keeps a list flat)."""
    fold = char.lower()
    if len(fold) == 1 and len(fold.upper().lower()) == 1:
        fold = fold.upper().lower()  # "ſ" and "s", "ı" and "i": one letter to the engine
    return re.escape(char), fold if len(fold) == 1 else char


def _branches(node: _Trie) -> list[str]:
    """The node's phrases as alternatives, longer ones first: each child's, then its own ("")."""
    branches, folds = [], set()
    for c in sorted(node):
        if c == _END:
            continue
        escaped, fold = _char(c)
        if fold in folds:
            raise _CaseClash
        folds.add(fold)
        branches.append(escaped + _render(node[c]))
    if _END in node:
        branches.append("")
    return branches


def _render(node: _Trie) -> str:
    branches = _branches(node)
    if branches == [""]:
        return ""  # a leaf
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def whole_word_alternation(phrases: Iterable[str]) -> str:
    """What "(?<!\\w)(?:{alternation(phrases)})(?!\\w)" matches, written so that every top-level
    branch starts with a literal: "n(?<!\\wn)(?:ot for sale|on vendo)(?!\\w)|...". The engine
    then looks only at the positions where one of the first characters stands (a set test per
    character); a pattern that starts with a look-behind or a group is tried in full at every
    position. Phrases with different first characters never match at one place (case-sensitive
    matching), so grouping them by it keeps the longest first; the look-behind after the first
    character ("\\wn" before the second) tests what "\\w" before the first did."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        if not phrase:
            raise ValueError("an empty phrase is no word")
        groups.setdefault(phrase[0], []).append(phrase[1:])
    branches = []
    for first, rests in sorted(groups.items()):
        c = re.escape(first)
        rest = alternation(rests) if any(rests) else ""  # a one-character phrase leaves nothing to match
        branches.append(rf"{c}(?<!\w{c})(?:{rest})(?!\w)")
    return "|".join(branches) or "(?!)"
